package dev.rsvpstack.launchers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake Runtime API socket that keeps one backend's servers and answers the commands lb-sync sends
 * with the texts HAProxy 2.6.12 sends (copied from a real one); it records every command.
 */
final class FakeHaproxy implements HaproxySocket {
    private static final String HEADER = "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state "
            + "srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health "
            + "srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl "
            + "srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n";

    /** A server: address, port, admin state bits (1 = forced maintenance). */
    static final class Server {
        String address;
        int port;
        int admin;

        Server(String address, int port, int admin) {
            this.address = address;
            this.port = port;
            this.admin = admin;
        }
    }

    private final String backend;
    final Map<String, Server> servers = new LinkedHashMap<>();
    final List<String> commands = new ArrayList<>();
    /** Servers HAProxy refuses to delete because connections are still open. */
    final Set<String> withConnections = ConcurrentHashMap.newKeySet();
    boolean down;

    FakeHaproxy(String backend) {
        this.backend = backend;
    }

    @Override
    public synchronized String send(String command) throws IOException {
        if (down) {
            throw new IOException("connect failed: Connection refused");
        }
        commands.add(command);
        String[] words = command.split(" ");
        if (command.startsWith("show servers state ")) {
            if (!words[3].equals(backend)) {
                return "Can't find backend.\n\n";
            }
            StringBuilder answer = new StringBuilder(HEADER);
            int id = 1;
            for (Map.Entry<String, Server> entry : servers.entrySet()) {
                Server s = entry.getValue();
                answer.append("3 ").append(backend).append(' ').append(id++).append(' ').append(entry.getKey()).append(' ')
                        .append(s.address).append(' ').append((s.admin & 1) != 0 ? 0 : 2).append(' ').append(s.admin)
                        .append(" 1 1 0 1 0 0 2 0 0 0 - ").append(s.port).append(" - 0 0 - - 0\n");
            }
            return answer.append('\n').toString();
        }
        if (words.length < 3) {
            return "Unknown command, but maybe one of the following ones is a better match:\n  help\n\n";
        }
        String target = words[2];
        if (!target.startsWith(backend + "/")) {
            return command.startsWith("add") ? "No such backend.\n\n" : "No such server.\n\n";
        }
        String name = target.substring(backend.length() + 1);
        Server server = servers.get(name);
        if (command.startsWith("add server ")) {
            if (server != null) {
                return "Already exists a server with the same name in backend.\n\n";
            }
            String address = words[3];
            int colon = address.lastIndexOf(':');
            servers.put(name, new Server(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)), 1));
            return "New server registered.\n\n";
        }
        if (server == null) {
            return "No such server.\n\n";
        }
        if (command.startsWith("enable health ")) {
            return "\n";
        }
        if (command.startsWith("set server ") && words[3].equals("state")) {
            server.admin = words[4].equals("maint") ? 1 : 0;
            return "\n";
        }
        if (command.startsWith("set server ") && words[3].equals("addr")) {
            String answer = "no need to change the addr, port changed from '" + server.port + "' to '" + words[6]
                    + "' by 'stats socket command'\n\n";
            server.address = words[4];
            server.port = Integer.parseInt(words[6]);
            return answer;
        }
        if (command.startsWith("del server ")) {
            if ((server.admin & 1) == 0) {
                return "Only servers in maintenance mode can be deleted.\n\n";
            }
            if (withConnections.contains(name)) {
                return "Server still has connections attached to it, cannot remove it.\n\n";
            }
            servers.remove(name);
            return "Server deleted.\n\n";
        }
        return "Unknown command\n\n";
    }
}
