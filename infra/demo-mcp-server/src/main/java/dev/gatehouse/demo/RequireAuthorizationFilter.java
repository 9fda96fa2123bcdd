package dev.gatehouse.demo;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Answers 401 to any request whose {@code Authorization} header is not exactly the expected value,
 * so tests can prove that a gateway sends the upstream's own credential.
 */
final class RequireAuthorizationFilter implements Filter {

    private final byte[] expected;

    RequireAuthorizationFilter(String expected) {
        this.expected = expected.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String given = ((HttpServletRequest) request).getHeader("Authorization");
        // constant-time, so the demo server does not teach a bad habit
        if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        http.setHeader("WWW-Authenticate", "Bearer");
        http.setContentType("application/json");
        http.getWriter().write("{\"error\":\"unauthorized\"}");
    }
}
