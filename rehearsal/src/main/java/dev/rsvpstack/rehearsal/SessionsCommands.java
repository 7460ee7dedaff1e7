package dev.rsvpstack.rehearsal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sessions-create URL COUNT OUT_FILE}: GET URL COUNT times without a cookie, keep each
 * connect.sid. {@code sessions-locate COOKIE_FILE HOST:PORT,...}: which memcached node holds
 * sess:&lt;id&gt; of each cookie; prints "node1=N ... missing=N", then "session ID NODE" per cookie (0: none).
 */
final class SessionsCommands {
    private SessionsCommands() {
    }

    static void create(String url, int count, Path out) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            for (String header : response.headers().allValues("set-cookie")) {
                SessionCookie.fromSetCookie(header).ifPresent(cookies::add);
            }
        }
        Files.write(out, cookies);
        System.out.println(cookies.size());
    }

    static void locate(Path cookieFile, String nodes) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String cookie : Files.readAllLines(cookieFile)) {
            if (!cookie.isBlank()) {
                ids.add(SessionCookie.id(cookie));
            }
        }
        String[] addresses = nodes.split(",");
        Map<String, Integer> where = new HashMap<>();
        for (int n = 0; n < addresses.length; n++) {
            try {
                for (String id : holding(addresses[n], ids)) {
                    where.putIfAbsent(id, n + 1);
                }
            } catch (IOException e) {
                System.err.println("memcached " + addresses[n] + " unreachable: " + e);
            }
        }
        System.out.println(counts(ids, where, addresses.length));
        for (String id : ids) {
            System.out.println("session " + id + " " + where.getOrDefault(id, 0));
        }
    }

    /** "node1=N node2=N ... missing=N". */
    static String counts(List<String> ids, Map<String, Integer> where, int nodes) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int n = 1; n <= nodes; n++) {
            counts.put("node" + n, 0);
        }
        counts.put("missing", 0);
        for (String id : ids) {
            Integer n = where.get(id);
            counts.merge(n == null ? "missing" : "node" + n, 1, Integer::sum);
        }
        StringBuilder line = new StringBuilder();
        counts.forEach((k, v) -> line.append(k).append('=').append(v).append(' '));
        return line.toString().trim();
    }

    /** The ids whose sess:&lt;id&gt; the memcached node at HOST:PORT holds (text protocol, one get each). */
    private static List<String> holding(String address, List<String> ids) throws IOException {
        String[] hostPort = address.split(":");
        List<String> held = new ArrayList<>();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
            socket.setSoTimeout(3000);
            OutputStream os = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            for (String id : ids) {
                os.write(("get sess:" + id + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                os.flush();
                String line;
                while ((line = in.readLine()) != null && !line.equals("END")) {
                    if (line.startsWith("VALUE ")) {
                        held.add(id);
                        skip(in, Integer.parseInt(line.split(" ")[3]) + 2);
                    }
                }
            }
        }
        return held;
    }

    private static void skip(BufferedReader in, int chars) throws IOException {
        char[] buffer = new char[chars];
        int read = 0;
        while (read < chars) {
            int n = in.read(buffer, read, chars - read);
            if (n < 0) {
                throw new IOException("memcached closed the connection in a value");
            }
            read += n;
        }
    }
}
