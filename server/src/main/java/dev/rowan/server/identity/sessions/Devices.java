package dev.rowan.server.identity.sessions;

import java.util.Locale;

/** A short name for the device a session came from, read from its User-Agent (what a user recognises in a list). */
public final class Devices {
    private Devices() {
    }

    public static String describe(String userAgent) {
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (ua.isBlank()) return "Unknown device";
        String app;
        if (ua.contains("rowan")) app = "Rowan desktop";
        else if (ua.contains("edg/")) app = "Edge";
        else if (ua.contains("firefox/")) app = "Firefox";
        else if (ua.contains("chrome/")) app = "Chrome";
        else if (ua.contains("safari/")) app = "Safari";
        else if (ua.startsWith("curl/")) app = "curl";
        else if (ua.contains("java-http-client") || ua.startsWith("java/")) app = "Java HTTP client";
        else if (ua.contains("python")) app = "Python script";
        else app = "Other client";
        String os = ua.contains("windows") ? "Windows" : ua.contains("android") ? "Android"
                : ua.contains("iphone") || ua.contains("ipad") ? "iOS" : ua.contains("mac os") ? "macOS"
                : ua.contains("linux") ? "Linux" : "";
        return os.isEmpty() ? app : app + " on " + os;
    }
}
