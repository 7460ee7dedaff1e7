package dev.rsvpstack.discovery.internal;

import io.etcd.jetcd.common.exception.ClosedClientException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.lease.NoSuchLeaseException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns the wrapped exceptions of futures into the one line a log needs, and classifies the two
 * failures every lease holder must tell apart from "etcd did not answer": the lease is gone, and the
 * client is closed. There is one classifier for the whole library, so a registration and an election
 * cannot disagree on what a lost lease looks like.
 */
final class Failures {
    /** etcd's message when a request that requires a leader reaches a member without one. */
    static final String NO_LEADER = "etcdserver: no leader";

    private Failures() {
    }

    static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof TimeoutException) {
            return "no answer in time";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Whether etcd said the lease does not exist (expired or revoked). */
    static boolean isLeaseGone(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            // jetcd reports a missing lease in several shapes, depending on the call
            if (t instanceof NoSuchLeaseException || t instanceof LeaseGoneException
                    || (t instanceof EtcdException e && (e.getErrorCode() == ErrorCode.NOT_FOUND
                        || (e.getMessage() != null && e.getMessage().contains("lease not found"))))
                    || (t instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.NOT_FOUND)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Whether the member that took the request has no leader ({@code etcdserver: no leader}): it
     * answers, but is cut off from the quorum. Not "unreachable": another member may serve the request.
     */
    static boolean isNoLeader(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(NO_LEADER)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether the jetcd client was closed under us: nothing will ever answer again. */
    static boolean isClientClosed(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            // a closed jetcd client fails keep-alives with the first, calls with the second
            if (t instanceof ClosedClientException || t instanceof RejectedExecutionException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** A keep-alive answered with TTL 0: etcd's way of saying, without an error, that the lease is gone. */
    static final class LeaseGoneException extends RuntimeException {
        LeaseGoneException(long leaseId) {
            super("lease " + Long.toHexString(leaseId) + " not found", null, false, false);
        }
    }
}
