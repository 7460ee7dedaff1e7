package dev.rsvpstack.launchers;

import dev.rsvpstack.discovery.ConfigKey;
import dev.rsvpstack.web.WebConfigKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rsvp-stack config-reference}: every option of every subcommand with its environment
 * variable, as Markdown, from the same annotations that parse them, so docs/configuration.md cannot
 * drift from the code (a test compares the two).
 */
@Command(name = "config-reference", hidden = true,
        description = "Prints the configuration reference (docs/configuration.md) as Markdown.")
final class ConfigReferenceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(render());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Renders from a fresh command line that keeps {@code ${env:...}} expressions as written. */
    static String render() {
        CommandLine root = new CommandLine(new RsvpStackCommand()).setInterpolateVariables(false);
        StringBuilder out = new StringBuilder("# Configuration reference\n\n")
                .append("Generated from the launcher's own option definitions by `bin/rsvp-stack config-reference`;\n")
                .append("a test fails when this file and the code disagree. Every option can also be given as the\n")
                .append("environment variable beside it. Secrets are only ever read from files.\n");
        appendOptions(out, "rsvp-stack (every subcommand)", root.getCommandSpec(), false);
        root.getSubcommands().forEach((name, sub) -> {
            CommandSpec command = sub.getCommandSpec();
            if (!command.usageMessage().hidden() && !"help".equals(name) && !"generate-completion".equals(name)) {
                appendOptions(out, "rsvp-stack " + name, command, true);
            }
        });
        out.append("\n## etcd keys\n\n")
                .append("Addresses: `/services/couchbase/<instance>` and `/services/memcached/<instance>` = `host`,\n")
                .append("`host:port` or `[v6]:port` (default ports 11210 and 11211), written by `rsvp-stack sidekick`.\n")
                .append("Settings of `rsvp-stack web`, applied without a restart:\n\n")
                .append("| key | type | default |\n|---|---|---|\n");
        for (ConfigKey<?> key : WebConfigKeys.ALL) {
            out.append("| `/config/").append(WebConfigKeys.SERVICE).append('/').append(key.name()).append("` | ")
                    .append(key.type()).append(" | `").append(key.defaultValue()).append("` |\n");
        }
        return out.toString();
    }

    private static void appendOptions(StringBuilder out, String title, CommandSpec command, boolean skipInherited) {
        out.append("\n## `").append(title).append("`\n\n");
        String[] description = command.usageMessage().description();
        if (description.length > 0) {
            out.append(String.join(" ", description)).append("\n\n");
        }
        out.append("| option | environment | default | meaning |\n|---|---|---|---|\n");
        for (OptionSpec option : command.options()) {
            if (option.usageHelp() || option.versionHelp() || (skipInherited && option.inherited())) {
                continue;
            }
            String[] env = environment(option.defaultValue());
            out.append("| `").append(option.longestName()).append("` | ").append(env[0]).append(" | ")
                    .append(env[1]).append(" | ").append(meaning(option)).append(" |\n");
        }
    }

    /** {@code ${env:NAME:-default}} → [NAME, default]. */
    private static String[] environment(String defaultValue) {
        if (defaultValue == null || !defaultValue.startsWith("${env:")) {
            return new String[] {"", defaultValue == null ? "" : "`" + defaultValue + "`"};
        }
        String inner = defaultValue.substring("${env:".length(), defaultValue.length() - 1);
        int split = inner.indexOf(":-");
        String name = split < 0 ? inner : inner.substring(0, split);
        String fallback = split < 0 ? "" : "`" + inner.substring(split + 2) + "`";
        return new String[] {"`" + name + "`", fallback};
    }

    private static String meaning(OptionSpec option) {
        String text = String.join(" ", option.description())
                .replaceAll("\\s*\\(env [^)]*\\)", "").replace("|", "\\|").replace("%%", "%");
        return text.replace("${DEFAULT-VALUE}", "").replaceAll("\\s+", " ").trim();
    }
}
