package dev.rsvpstack.launchers;

import picocli.CommandLine.IVersionProvider;

/** The version and commit from the jar's manifest, so they never disagree with the build. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {BuildInfo.current().describe()};
    }
}
