package dev.rsvpstack.launchers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The few Runtime API commands {@code lb-sync} uses, as HAProxy 2.6 answers them (Debian's 2.6.12;
 * {@code help} on the socket lists them). Dynamic servers: {@code add server} creates one in
 * maintenance, {@code set server ... state ready} lets traffic in, and a server must be in maintenance
 * before {@code del server}, which HAProxy refuses while connections remain. No reload is ever needed.
 */
final class HaproxyRuntime {
    /** Admin-state bits of {@code show servers state} that mean maintenance (forced, inherited, config, DNS, health). */
    private static final int MAINTENANCE_BITS = 0x01 | 0x02 | 0x04 | 0x20 | 0x40;

    private final HaproxySocket socket;

    HaproxyRuntime(HaproxySocket socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    /**
     * One server of a backend, from {@code show servers state}.
     *
     * @param operational {@code srv_op_state}: 0 stopped (health check failing), 1 starting, 2 running, 3 stopping
     * @param admin       {@code srv_admin_state} bits
     */
    record Server(String name, String address, int port, int operational, int admin) {
        boolean inMaintenance() {
            return (admin & MAINTENANCE_BITS) != 0;
        }

        String hostAndPort() {
            return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
        }

        /** In words, for logs and {@code status}. */
        String describe() {
            if (inMaintenance()) {
                return "MAINT";
            }
            return switch (operational) {
                case 0 -> "DOWN";
                case 1 -> "STARTING";
                case 2 -> (admin & 0x18) != 0 ? "DRAIN" : "UP";
                case 3 -> "STOPPING";
                default -> "state " + operational;
            };
        }
    }

    /** The servers of {@code backend}, in HAProxy's order. */
    List<Server> servers(String backend) throws IOException {
        String answer = socket.send("show servers state " + backend);
        List<Server> servers = new ArrayList<>();
        boolean header = false;
        for (String line : answer.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                header = true;
                continue;
            }
            if (!header) {
                if (trimmed.isEmpty() || trimmed.equals("1")) {
                    continue; // the format version before the header
                }
                throw new HaproxyException("show servers state " + backend, answer);
            }
            if (trimmed.isEmpty()) {
                continue;
            }
            // be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state ... srv_port (column 19)
            String[] columns = trimmed.split("\\s+");
            if (columns.length < 19) {
                throw new HaproxyException("show servers state " + backend, answer);
            }
            try {
                servers.add(new Server(columns[3], columns[4], Integer.parseInt(columns[18]),
                        Integer.parseInt(columns[5]), Integer.parseInt(columns[6])));
            } catch (NumberFormatException e) {
                throw new HaproxyException("show servers state " + backend, answer);
            }
        }
        if (!header) {
            throw new HaproxyException("show servers state " + backend, answer);
        }
        return servers;
    }

    /** {@code add server}: the server is created in maintenance; {@code options} are server keywords ({@code check}). */
    void add(String backend, String name, String hostAndPort, String options) throws IOException {
        String command = "add server " + backend + "/" + name + " " + hostAndPort + (options.isBlank() ? "" : " " + options);
        expect(command, "New server registered.");
        if ((" " + options + " ").contains(" check ")) {
            expectSilence("enable health " + backend + "/" + name);
        }
    }

    /** {@code set server ... addr ... port ...}. */
    void move(String backend, String name, String host, int port) throws IOException {
        String command = "set server " + backend + "/" + name + " addr " + host + " port " + port;
        String answer = socket.send(command).strip();
        if (!(answer.contains("changed from") || answer.startsWith("no need to change"))) {
            throw new HaproxyException(command, answer);
        }
    }

    /** {@code set server ... state ready}: out of maintenance, traffic in (its health check permitting). */
    void ready(String backend, String name) throws IOException {
        expectSilence("set server " + backend + "/" + name + " state ready");
    }

    /** {@code set server ... state maint}: no new traffic; open connections stay until they end. */
    void maintenance(String backend, String name) throws IOException {
        expectSilence("set server " + backend + "/" + name + " state maint");
    }

    /**
     * {@code del server} of a server in maintenance.
     *
     * @return false when HAProxy keeps it for now because connections are still open (try again later)
     */
    boolean delete(String backend, String name) throws IOException {
        String command = "del server " + backend + "/" + name;
        String answer = socket.send(command).strip();
        if (answer.equals("Server deleted.")) {
            return true;
        }
        if (answer.contains("connection") || answer.contains("queue")) {
            return false;
        }
        throw new HaproxyException(command, answer);
    }

    private void expect(String command, String success) throws IOException {
        String answer = socket.send(command).strip();
        if (!answer.equals(success)) {
            throw new HaproxyException(command, answer);
        }
    }

    private void expectSilence(String command) throws IOException {
        String answer = socket.send(command).strip();
        if (!answer.isEmpty()) {
            throw new HaproxyException(command, answer);
        }
    }

    /** HAProxy answered, but not as the command succeeding: a bad backend name, a refused change. */
    static final class HaproxyException extends IOException {
        private static final long serialVersionUID = 1L;

        HaproxyException(String command, String answer) {
            super("HAProxy refused '" + command + "': " + firstLine(answer));
        }

        private static String firstLine(String answer) {
            String stripped = answer.strip();
            int newline = stripped.indexOf('\n');
            return stripped.isEmpty() ? "(no answer)" : newline < 0 ? stripped : stripped.substring(0, newline);
        }
    }
}
