package dev.rsvpstack.rehearsal;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** Collects whole text messages and reports the first close or error, once. */
final class TextListener implements WebSocket.Listener {
    /** How a connection ended: the close code (-1 for an error) and the reason as one word. */
    interface Closed {
        void closed(int code, String why);
    }

    private final Consumer<String> onText;
    private final Closed onClosed;
    private final StringBuilder buffer = new StringBuilder();
    private boolean ended;

    TextListener(Consumer<String> onText, Closed onClosed) {
        this.onText = onText;
        this.onClosed = onClosed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        buffer.append(data);
        if (last) {
            String text = buffer.toString();
            buffer.setLength(0);
            onText.accept(text);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        end(code, EventLog.word(reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        end(-1, EventLog.word(error));
    }

    private synchronized void end(int code, String why) {
        if (!ended) {
            ended = true;
            onClosed.closed(code, why);
        }
    }
}
