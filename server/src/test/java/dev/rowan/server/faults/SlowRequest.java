package dev.rowan.server.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** An HTTP/1.1 request over a raw socket whose body is sent in two parts, with a pause the test controls. */
final class SlowRequest implements AutoCloseable {
    private final Socket socket;
    private final byte[] body;
    private final int split;

    SlowRequest(int port, String method, String path, String token, byte[] body) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        this.body = body;
        this.split = body.length / 2;
        OutputStream out = socket.getOutputStream();
        out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, split);
        out.flush();
    }

    /** True if the server has answered nothing yet (waits briefly for bytes). */
    boolean noAnswerYet() throws IOException {
        socket.setSoTimeout(200);
        try {
            int b = socket.getInputStream().read();
            if (b < 0) return false;
            throw new AssertionError("the server answered before the body was complete: " + (char) b
                    + new String(socket.getInputStream().readNBytes(Math.max(0, socket.getInputStream().available())),
                    StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    /** Sends the rest of the body and returns the answer (status line, headers, body). */
    String finish() throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(body, split, body.length - split);
        out.flush();
        return answer();
    }

    /** Reads one HTTP answer: headers, then a Content-Length body or chunks up to the last one. */
    String answer() throws IOException {
        socket.setSoTimeout(120_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        String head = readUntil(in, all, "\r\n\r\n");
        String lower = head.toLowerCase(java.util.Locale.ROOT);
        int cl = lower.indexOf("content-length:");
        if (cl >= 0) {
            int len = Integer.parseInt(lower.substring(cl + 15, lower.indexOf('\r', cl)).strip());
            all.write(in.readNBytes(len));
        } else if (lower.contains("transfer-encoding: chunked")) {
            readUntil(in, all, "\r\n0\r\n\r\n");
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    private static String readUntil(InputStream in, ByteArrayOutputStream all, String end) throws IOException {
        StringBuilder seen = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            all.write(b);
            seen.append((char) b);
            if (seen.length() >= end.length() && seen.lastIndexOf(end) == seen.length() - end.length()) break;
        }
        return seen.toString();
    }

    static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
