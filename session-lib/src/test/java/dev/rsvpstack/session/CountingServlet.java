package dev.rsvpstack.session;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * An ordinary servlet that knows nothing of session-lib: it counts visits in its HttpSession,
 * changes the session id at {@code /login} and invalidates it at {@code /logout}.
 */
public final class CountingServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (path.endsWith("/logout")) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            response.getWriter().print("- 0");
            return;
        }
        if (path.endsWith("/peek")) {
            HttpSession session = request.getSession(false);
            response.getWriter().print(session == null ? "- none" : session.getId() + " " + session.getAttribute("count"));
            return;
        }
        HttpSession session = request.getSession();
        if (path.endsWith("/login")) {
            request.changeSessionId();
            session.setAttribute("user", "ann");
        }
        Object count = session.getAttribute("count");
        int next = count instanceof Number n ? n.intValue() + 1 : 1;
        session.setAttribute("count", next);
        response.setContentType("text/plain");
        response.getWriter().print(session.getId() + " " + next);
    }
}
