package dev.rsvpstack.spring.discovery.internal;

import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.LeaderElection;
import dev.rsvpstack.discovery.LeaderListener;
import dev.rsvpstack.discovery.LeadershipTerm;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * discovery-lib's {@link LeaderElection} as a bean that campaigns from the context's start to its
 * stop, for every {@link LeaderListener} bean. Listeners may inject this bean to check
 * {@link #holds(LeadershipTerm)} before their side effects: the campaign starts only after all
 * singletons exist, so there is no cycle and no callback into a half-built context. Before the
 * start and after the stop it leads nothing.
 */
public final class ManagedLeaderElection implements LeaderElection, SmartLifecycle {
    private final Discovery discovery;
    private final String electionName;
    private final String candidateId;
    private final Duration ttl;
    private final ObjectProvider<LeaderListener> listeners;
    private volatile LeaderElection running;

    public ManagedLeaderElection(Discovery discovery, String electionName, String candidateId, Duration ttl,
                                 ObjectProvider<LeaderListener> listeners) {
        this.discovery = discovery;
        this.electionName = electionName;
        this.candidateId = candidateId;
        this.ttl = ttl;
        this.listeners = listeners;
    }

    @Override
    public void start() {
        List<LeaderListener> all = listeners.orderedStream().toList();
        running = discovery.leaderElection(electionName, candidateId, ttl, new LeaderListener() {
            @Override
            public void elected(LeadershipTerm term) {
                all.forEach(listener -> listener.elected(term));
            }

            @Override
            public void suspended(LeadershipTerm term) {
                all.forEach(listener -> listener.suspended(term));
            }

            @Override
            public void resumed(LeadershipTerm term) {
                all.forEach(listener -> listener.resumed(term));
            }

            @Override
            public void revoked() {
                all.forEach(LeaderListener::revoked);
            }
        });
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    @Override
    public String electionName() {
        return electionName;
    }

    @Override
    public String candidateId() {
        return candidateId;
    }

    @Override
    public boolean isLeader() {
        LeaderElection election = running;
        return election != null && election.isLeader();
    }

    @Override
    public Optional<LeadershipTerm> term() {
        LeaderElection election = running;
        return election == null ? Optional.empty() : election.term();
    }

    @Override
    public boolean holds(LeadershipTerm term) {
        LeaderElection election = running;
        return election != null && election.holds(term);
    }

    @Override
    public Duration margin() {
        LeaderElection election = running;
        return election == null ? Duration.ZERO : election.margin();
    }

    @Override
    public void close() {
        LeaderElection election = running;
        running = null;
        if (election != null) {
            election.close();
        }
    }
}
