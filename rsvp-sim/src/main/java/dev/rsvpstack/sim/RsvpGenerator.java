package dev.rsvpstack.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes RSVPs in the shape of Meetup's stream v2 (see docs/architecture.md): many members, events, groups,
 * cities and topics, non-ASCII names, alphanumeric event ids, a venue only sometimes. Ids increase
 * and never repeat within one generator; the same seed gives the same sequence of contents.
 */
public final class RsvpGenerator {
    private static final List<String> FIRST_NAMES = List.of("Ana", "Björn", "Chloé", "Dmitri", "Eun-ji", "Farah",
            "Gonzalo", "Hana", "Ingrid", "José", "Kwame", "Léa", "Mateus", "Nadia", "Oğuz", "Priya", "Quentin",
            "Rūta", "Sven", "Tomás", "Uma", "Vera", "Wojciech", "Xiu", "Yusuf", "Zoë", "李", "Олег", "Αλέξης");
    private static final List<String> LAST_NAMES = List.of("Silva", "Johansson", "Dubois", "Ivanov", "Kim",
            "Haddad", "Pérez", "Sato", "Berg", "García", "Mensah", "Martin", "Costa", "Rahman", "Yılmaz", "Patel",
            "Moreau", "Kazlauskienė", "Lund", "Núñez", "Shah", "Novak", "Kowalski", "Chen", "Demir", "Müller", "伟",
            "Петров", "Παπαδόπουλος");
    private static final List<City> CITIES = List.of(
            new City("New York", "us", "NY", 40.71, -74.01), new City("San Francisco", "us", "CA", 37.77, -122.42),
            new City("Austin", "us", "TX", 30.27, -97.74), new City("London", "gb", null, 51.51, -0.13),
            new City("Berlin", "de", null, 52.52, 13.40), new City("São Paulo", "br", null, -23.55, -46.63),
            new City("Tokyo", "jp", null, 35.68, 139.69), new City("Zürich", "ch", null, 47.38, 8.54),
            new City("Kraków", "pl", null, 50.06, 19.94), new City("Bengaluru", "in", null, 12.97, 77.59),
            new City("Lagos", "ng", null, 6.52, 3.38), new City("Montréal", "ca", "QC", 45.50, -73.57));
    private static final List<String[]> TOPICS = List.of(new String[]{"softwaredev", "Software Development"},
            new String[]{"hiking", "Hiking"}, new String[]{"boardgames", "Board Games"},
            new String[]{"photo", "Photography"}, new String[]{"java", "Java"}, new String[]{"kubernetes", "Kubernetes"},
            new String[]{"language-exchange", "Language Exchange"}, new String[]{"running", "Running"},
            new String[]{"startups", "Startups"}, new String[]{"jazz", "Jazz"}, new String[]{"cooking", "Cooking"});
    private static final List<String> GROUP_KINDS = List.of("Meetup", "Club", "Society", "Collective", "Circle",
            "User Group");
    private static final List<String> EVENT_KINDS = List.of("Monthly meetup", "Workshop", "Night hike",
            "Game night", "Lightning talks", "Study group", "Photo walk", "Jam session", "Hack day", "Social");
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int GROUPS = 500;

    private final ObjectMapper mapper;
    private final Clock clock;
    private final Random random;
    private final AtomicLong nextRsvpId;

    /**
     * @param mapper      serializes the messages
     * @param clock       gives each RSVP its {@code mtime}
     * @param seed        the same seed gives the same contents
     * @param firstRsvpId the first {@code rsvp_id}; later ones count up from it
     */
    public RsvpGenerator(ObjectMapper mapper, Clock clock, long seed, long firstRsvpId) {
        this.mapper = mapper;
        this.clock = clock;
        this.random = new Random(seed);
        this.nextRsvpId = new AtomicLong(firstRsvpId);
    }

    /** One generated RSVP: its id and mtime, and the message. */
    public record GeneratedRsvp(long rsvpId, long mtime, String json) {
    }

    /** One RSVP as a JSON text. Thread-safe. */
    public String next() {
        return generate().json();
    }

    /** One RSVP with the id and mtime it carries. Thread-safe. */
    public synchronized GeneratedRsvp generate() {
        long rsvpId = nextRsvpId.getAndIncrement();
        long mtime = clock.millis();
        int groupNo = random.nextInt(GROUPS);
        City city = CITIES.get(groupNo % CITIES.size());

        ObjectNode rsvp = mapper.createObjectNode();
        rsvp.put("rsvp_id", rsvpId);
        rsvp.put("mtime", mtime);
        rsvp.put("response", random.nextInt(5) == 0 ? "no" : "yes");
        rsvp.put("guests", random.nextInt(10) == 0 ? 1 + random.nextInt(3) : 0);
        rsvp.put("visibility", "public");

        ObjectNode member = rsvp.putObject("member");
        member.put("member_id", 1_000_000 + random.nextInt(9_000_000));
        member.put("member_name", pick(FIRST_NAMES) + " " + pick(LAST_NAMES));
        if (random.nextBoolean()) {
            member.put("photo", "https://photos.example.invalid/member/" + random.nextInt(1_000_000) + ".jpeg");
        }

        String groupUrlName = "group-" + groupNo;
        String topic = TOPICS.get(groupNo % TOPICS.size())[1];
        ObjectNode event = rsvp.putObject("event");
        String eventId = eventId();
        event.put("event_id", eventId);
        event.put("event_name", pick(EVENT_KINDS) + ": " + topic + " in " + city.name());
        event.put("time", clock.millis() + 3_600_000L * (1 + random.nextInt(24 * 30)));
        event.put("event_url", "https://www.meetup.com/" + groupUrlName + "/events/" + eventId + "/");

        ObjectNode group = rsvp.putObject("group");
        group.put("group_id", 10_000 + groupNo);
        group.put("group_name", city.name() + " " + topic + " " + GROUP_KINDS.get(groupNo % GROUP_KINDS.size()));
        group.put("group_city", city.name());
        group.put("group_country", city.country());
        if (city.state() != null) {
            group.put("group_state", city.state());
        }
        group.put("group_lat", city.lat());
        group.put("group_lon", city.lon());
        group.put("group_urlname", groupUrlName);
        ArrayNode topics = group.putArray("group_topics");
        for (int i = 0; i < 1 + groupNo % 3; i++) {
            String[] t = TOPICS.get((groupNo + i) % TOPICS.size());
            topics.addObject().put("urlkey", t[0]).put("topic_name", t[1]);
        }

        if (random.nextInt(4) != 0) {
            ObjectNode venue = rsvp.putObject("venue");
            venue.put("venue_id", 20_000_000 + random.nextInt(1_000_000));
            venue.put("venue_name", pick(List.of("Community Hall", "Café Central", "The Loft", "Public Library",
                    "Tech Hub", "Parkside Pavilion")));
            venue.put("lat", city.lat() + (random.nextDouble() - 0.5) / 50);
            venue.put("lon", city.lon() + (random.nextDouble() - 0.5) / 50);
        }
        return new GeneratedRsvp(rsvpId, mtime, rsvp.toString());
    }

    private String eventId() {
        if (random.nextBoolean()) {
            return Integer.toString(200_000_000 + random.nextInt(100_000_000));
        }
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private record City(String name, String country, String state, double lat, double lon) {
    }
}
