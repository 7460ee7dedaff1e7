package dev.rsvpstack.session;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** memcached's text protocol by hand, to see exactly what a node holds, without any client library. */
public final class RawMemcached {
    /** A stored item: its flags and bytes. */
    public record Item(int flags, byte[] data) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private RawMemcached() {
    }

    /** The item under {@code key} on that one node, or null. */
    public static Item get(InetSocketAddress node, String key) {
        try (Socket socket = new Socket(node.getAddress(), node.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("get " + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String header = line(in);
            if (header.equals("END")) {
                return null;
            }
            String[] parts = header.split(" ");
            byte[] data = new byte[Integer.parseInt(parts[3])];
            in.readFully(data);
            return new Item(Integer.parseInt(parts[2]), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores {@code data} under {@code key} on that one node. */
    public static void set(InetSocketAddress node, String key, int flags, byte[] data) {
        try (Socket socket = new Socket(node.getAddress(), node.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("set " + key + " " + flags + " 300 " + data.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(data);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = line(socket.getInputStream());
            if (!reply.equals("STORED")) {
                throw new IllegalStateException("memcached said " + reply);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
