package dev.rsvpstack.discovery;

/**
 * The key layout: {@code /services/<service>/<instance>}, {@code /config/<service>/<name>} and
 * {@code /elections/<name>/<lease>} (and {@code /election-epochs/<name>}).
 */
public final class ServiceKeys {
    public static final String SERVICES_ROOT = "/services/";
    public static final String CONFIG_ROOT = "/config/";
    /** Leader elections: {@code /elections/<name>/<lease>}, the candidate's id as value (etcd's election API). */
    public static final String ELECTIONS_ROOT = "/elections/";
    /**
     * Election epochs: {@code /election-epochs/<name>}, a random id naming the etcd keyspace whose
     * revisions the election's terms are ({@code LeadershipTerm.epoch()}). Outside {@link #ELECTIONS_ROOT},
     * where every key is a candidate; without a lease, so it lasts as long as the keyspace.
     */
    public static final String ELECTION_EPOCHS_ROOT = "/election-epochs/";

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private ServiceKeys() {
    }

    /**
     * Checks a service, instance or config name: letters, digits, '.', '_' or '-', not starting
     * with a symbol, so it is exactly one key segment.
     *
     * @return the name
     * @throws IllegalArgumentException naming {@code what} and the bad value
     */
    public static String requireName(String value, String what) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be letters, digits, '.', '_' or '-' (and not start with "
                    + "a symbol), was '" + value + "'");
        }
        return value;
    }

    /** {@code /services/<service>/}, with the trailing slash so {@code web} does not match {@code web2}. */
    public static String servicePrefix(String service) {
        return SERVICES_ROOT + service + "/";
    }

    public static String instanceKey(String service, String instance) {
        return servicePrefix(service) + instance;
    }

    /** {@code /config/<service>/}. */
    public static String configPrefix(String service) {
        return CONFIG_ROOT + service + "/";
    }
}
