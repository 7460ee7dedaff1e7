package dev.rsvpstack.session.internal;

import dev.rsvpstack.session.SessionChanges;
import dev.rsvpstack.session.SessionRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one request's changes meet the newest stored record: the attributes this request set or
 * removed replace the stored ones; every other attribute stays as stored, so two requests changing
 * different attributes both keep their changes. The cookie member comes from the request.
 */
public final class MergeRule {
    private MergeRule() {
    }

    public static SessionRecord merge(SessionRecord stored, SessionRecord changed, SessionChanges changes) {
        Map<String, Object> attributes = new LinkedHashMap<>(stored.attributes());
        for (String name : changes.attributes()) {
            if (changed.attributes().containsKey(name)) {
                attributes.put(name, changed.attributes().get(name));
            } else {
                attributes.remove(name);
            }
        }
        return new SessionRecord(stored.id(), changed.cookie(), attributes);
    }
}
