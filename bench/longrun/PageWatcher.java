import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The long-run benchmark's browser stand-in: holds the page's WebSocket open and counts the pushes,
 * and those that say the data is stale ("staleSince" not null). Prints "pushes N stale M lastPushAgoMs T"
 * every second until killed. Run by bench/longrun/run with the JDK's source launcher (no build).
 * Usage: java PageWatcher.java ws://127.0.0.1:3000/ws/rsvps http://127.0.0.1:3000
 */
public final class PageWatcher {
    public static void main(String[] args) throws Exception {
        AtomicLong pushes = new AtomicLong();
        AtomicLong stale = new AtomicLong();
        AtomicLong lastPush = new AtomicLong(System.currentTimeMillis());
        HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", args[1])
                .buildAsync(URI.create(args[0]), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            String message = text.toString();
                            text.setLength(0);
                            if (message.contains("\"type\":\"latest\"")) {
                                pushes.incrementAndGet();
                                lastPush.set(System.currentTimeMillis());
                                if (!message.contains("\"staleSince\":null")) {
                                    stale.incrementAndGet();
                                }
                            }
                        }
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                        System.out.println("closed " + status + " " + reason);
                        System.exit(3);
                        return null;
                    }
                }).join();
        while (true) {
            System.out.println("pushes " + pushes.get() + " stale " + stale.get() + " lastPushAgoMs "
                    + (System.currentTimeMillis() - lastPush.get()));
            Thread.sleep(1000);
        }
    }
}
