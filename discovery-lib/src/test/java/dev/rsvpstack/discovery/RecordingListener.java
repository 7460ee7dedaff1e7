package dev.rsvpstack.discovery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every delivery a watch made, for assertions. */
final class RecordingListener implements ServiceListener {
    record Delivery(ServiceSnapshot snapshot, List<ServiceChange> changes) {
    }

    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    @Override
    public void onSnapshot(ServiceSnapshot snapshot, List<ServiceChange> changes) {
        deliveries.add(new Delivery(snapshot, changes));
    }

    int count() {
        return deliveries.size();
    }

    Delivery last() {
        return deliveries.get(deliveries.size() - 1);
    }

    List<String> lastAddresses() {
        return last().snapshot().hostsAndPorts();
    }
}
