package dev.rsvpstack.launchers;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, so it never disagrees with the build. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = RsvpStackCommand.class.getPackage().getImplementationVersion();
        return new String[] {"rsvp-stack " + (version == null ? "(development build)" : version)};
    }
}
