package dev.rsvpstack.web;

/**
 * One line of the latest-RSVPs list, as the page shows it. Every string comes from the stream and
 * is untrusted: the page renders it as text.
 *
 * @param rsvpId    the stream's {@code rsvp_id}
 * @param mtime     when the RSVP was made, epoch milliseconds
 * @param member    the member's name
 * @param response  {@code yes} or {@code no}
 * @param eventName the event's name
 * @param eventUrl  the event's page
 * @param groupName the group's name
 * @param city      the group's city
 */
public record RsvpRow(long rsvpId, long mtime, String member, String response, String eventName, String eventUrl,
                      String groupName, String city) {
}
