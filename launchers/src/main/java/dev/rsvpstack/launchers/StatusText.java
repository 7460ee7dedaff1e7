package dev.rsvpstack.launchers;

import dev.rsvpstack.discovery.EtcdMemberStatus;
import java.util.ArrayList;
import java.util.List;

/** {@link StatusReport} as aligned columns for a terminal, one table per part. */
final class StatusText {
    private StatusText() {
    }

    static String render(StatusReport report, String etcd) {
        StringBuilder out = new StringBuilder("etcd ").append(etcd).append(" at revision ").append(report.revision())
                .append("\n\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ETCD MEMBER", "LEADER", "REVISION"});
        for (EtcdMemberStatus member : report.etcdMembers()) {
            rows.add(new String[] {member.endpoint().toString(), switch (member.quorum()) {
                case HAS_LEADER -> "yes";
                case NO_LEADER -> "NONE (cut off from its peers?)";
                case UNREACHABLE -> "UNREACHABLE";
            }, member.revision() > 0 ? Long.toString(member.revision()) : "-"});
        }
        table(out, rows);
        rows.clear();
        rows.add(new String[] {"SERVICE", "INSTANCE", "ADDRESS", "LEASE LEFT", "NOTE"});
        for (StatusReport.Service service : report.services()) {
            if (service.instances().isEmpty()) {
                rows.add(new String[] {service.name(), "-", "-", "-", service.required() ? "MISSING (required)" : ""});
            }
            for (StatusReport.Instance instance : service.instances()) {
                rows.add(new String[] {service.name(), instance.id(), instance.address(), seconds(instance.leaseSecondsLeft()),
                    instance.problem() == null ? "" : "INVALID: " + instance.problem()});
            }
        }
        table(out, rows);
        rows.clear();
        rows.add(new String[] {"ELECTION", "LEADER", "LEASE LEFT", "STANDBYS"});
        for (StatusReport.Election election : report.elections()) {
            rows.add(new String[] {election.name(), election.leader() == null ? "NONE" : election.leader(),
                seconds(election.leaderLeaseSecondsLeft()),
                election.standbys().isEmpty() ? "-" : String.join(", ", election.standbys())});
        }
        table(out, rows);
        rows.clear();
        rows.add(new String[] {"CONFIG", "VALUE", "DEFAULT", "STATE"});
        for (StatusReport.Setting setting : report.config()) {
            String state = setting.problem() == null ? setting.state()
                    : setting.state().toUpperCase(java.util.Locale.ROOT) + ": " + setting.problem();
            rows.add(new String[] {"/config/" + setting.service() + "/" + setting.name(),
                setting.value() == null ? "-" : setting.value(),
                setting.defaultValue() == null ? "-" : setting.defaultValue().isEmpty() ? "(empty)"
                        : setting.defaultValue(), state});
        }
        table(out, rows);
        if (report.frontDoor() != null) {
            StatusReport.FrontDoor door = report.frontDoor();
            rows.clear();
            rows.add(new String[] {"WEB INSTANCE", "IN ETCD", "IN HAPROXY (" + door.backend() + ")", "HAPROXY STATE", "NOTE"});
            for (StatusReport.FrontDoorRow row : door.rows()) {
                rows.add(new String[] {row.name(), orDash(row.etcd()), orDash(row.haproxy()), orDash(row.state()),
                    row.note() == null ? "" : row.note()});
            }
            if (door.problem() != null) {
                out.append("HAProxy: ").append(door.problem()).append('\n');
            }
            table(out, rows);
        }
        if (report.complete()) {
            out.append("every required service has an instance and every required election a leader\n");
        } else {
            report.missing().forEach(problem -> out.append("MISSING: ").append(problem).append('\n'));
        }
        return out.toString();
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private static String seconds(Long value) {
        return value == null ? "-" : value + "s";
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append('\n');
    }
}
