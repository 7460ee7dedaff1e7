package dev.rsvpstack.archiver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.sim.RsvpGenerator;
import dev.rsvpstack.sim.RsvpSimulator;
import dev.rsvpstack.sim.SimulatorSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The sustained run's simulator in a JVM of its own, so that the archiver's JVM (-Xmx256m) holds only the
 * archiver: its history and the frames queued for a slow client are the stream's memory, not the archiver's.
 * Prints {@code URI <ws uri>} once streaming, then {@code GENERATED <count> <first id> <last id>} when its
 * standard input closes, and exits.
 * Usage: {@code SimulatorProcess <RSVPs/s> <limit> <first id> <seed>}
 */
public final class SimulatorProcess {
    private SimulatorProcess() {
    }

    public static void main(String[] args) throws IOException {
        int rate = Integer.parseInt(args[0]);
        long limit = Long.parseLong(args[1]);
        long firstId = Long.parseLong(args[2]);
        long seed = Long.parseLong(args[3]);
        // History for 5 s of the stream: the archiver connects a moment after the first RSVPs and replays them.
        try (RsvpSimulator simulator = RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, rate, 5 * rate, limit),
                new RsvpGenerator(new ObjectMapper(), Clock.systemUTC(), seed, firstId))) {
            System.out.println("URI " + simulator.uri());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                // waiting for the benchmark to close our input
            }
            System.out.println("GENERATED " + simulator.generatedCount() + " " + simulator.firstRsvpId() + " "
                    + simulator.lastRsvpId());
            System.out.flush();
        }
    }
}
