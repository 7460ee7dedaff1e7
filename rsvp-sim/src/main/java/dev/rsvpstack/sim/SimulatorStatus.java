package dev.rsvpstack.sim;

/**
 * What the simulator's {@code /status} endpoint answers.
 *
 * @param clients               stream connections open now, observers not included
 * @param observers             observer connections open now ({@code ?observer=true}: watched, not counted
 *                              in the overlap, never refused)
 * @param maxConcurrentClients  the most that were open at once
 * @param overlapMillis         how long two or more were open together, in total (0 is the upstream's rule)
 * @param overlapEpisodes       how many times a second connection joined a first one
 * @param refusedConnections    connections refused in strict mode
 * @param strict                whether a second concurrent connection is refused
 * @param generated             RSVPs generated
 * @param sent                  messages sent, summed over clients
 */
public record SimulatorStatus(int clients, int observers, int maxConcurrentClients, long overlapMillis,
                              long overlapEpisodes, long refusedConnections, boolean strict, long generated,
                              long sent) {
}
