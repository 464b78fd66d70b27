package dev.rowan.server.guard;

import org.jspecify.annotations.Nullable;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's address for throttling and the audit log: the socket's peer, unless that peer is a configured
 * proxy ({@code ROWAN_TRUSTED_PROXIES}); then {@code X-Forwarded-For} is walked from the right, hop by hop, while
 * each hop is trusted. A header sent by anyone else is ignored, so a client cannot choose its own address.
 */
public final class ClientAddresses {
    private record Range(byte[] network, int bits) {
        boolean contains(byte[] a) {
            if (a.length != network.length) return false;
            int full = bits / 8;
            for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> trusted;

    /** @param trusted addresses ({@code 10.0.0.7}, {@code ::1}) or CIDR ranges ({@code 10.0.0.0/8}) */
    public ClientAddresses(List<String> trusted) {
        List<Range> out = new ArrayList<>();
        for (String t : trusted) {
            int slash = t.indexOf('/');
            InetAddress a = literal(slash < 0 ? t : t.substring(0, slash));
            if (a == null) throw new IllegalArgumentException("ROWAN_TRUSTED_PROXIES: '" + t + "' is not an IP address or CIDR range");
            int max = a.getAddress().length * 8;
            int bits;
            try {
                bits = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) throw new IllegalArgumentException("ROWAN_TRUSTED_PROXIES: bad prefix in '" + t + "'");
            out.add(new Range(a.getAddress(), bits));
        }
        this.trusted = List.copyOf(out);
    }

    /**
     * The client address of a request that came from {@code peer} with these {@code X-Forwarded-For} header values
     * (in the order received).
     */
    public String resolve(@Nullable SocketAddress peer, List<String> forwardedFor) {
        InetAddress current = peer instanceof InetSocketAddress s ? s.getAddress() : null;
        if (current == null) return peer == null ? "" : String.valueOf(peer);
        if (trusted.isEmpty() || forwardedFor.isEmpty()) return current.getHostAddress();
        List<String> hops = new ArrayList<>();
        for (String v : forwardedFor) {
            for (String h : v.split(",")) hops.add(h.strip());
        }
        for (int i = hops.size() - 1; i >= 0 && trusted(current); i--) {
            InetAddress hop = literal(stripPort(hops.get(i)));
            if (hop == null) break; // garbage from beyond the last proxy we trust: the proxy is as far as we know
            current = hop;
        }
        return current.getHostAddress();
    }

    boolean trusted(InetAddress a) {
        byte[] b = a.getAddress();
        for (Range r : trusted) if (r.contains(b)) return true;
        return false;
    }

    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end > 0 ? hop.substring(1, end) : hop;
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    /** An IP literal, never a DNS lookup; null if the text is not one. */
    static @Nullable InetAddress literal(String s) {
        if (s.isEmpty() || s.length() > 64) return null;
        try {
            return InetAddress.ofLiteral(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
