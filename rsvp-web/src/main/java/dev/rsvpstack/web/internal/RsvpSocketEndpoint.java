package dev.rsvpstack.web.internal;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/** The JSR-356 endpoint browsers connect to; all it does is join and leave the broadcast. */
public final class RsvpSocketEndpoint extends Endpoint {
    private final LatestRsvpsBroadcaster broadcaster;

    public RsvpSocketEndpoint(LatestRsvpsBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        broadcaster.register(session);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        broadcaster.unregister(session);
    }

    @Override
    public void onError(Session session, Throwable error) {
        broadcaster.unregister(session);
    }
}
