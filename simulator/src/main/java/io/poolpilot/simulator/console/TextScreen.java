package io.poolpilot.simulator.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated VM's text screen, 80 columns by 30 rows of 8x16 cells (640x480 pixels): a status bar with the
 * VM's name, its host and a clock that ticks, a boot log, and a login prompt that echoes the keys it
 * receives (X11 keysyms, as RFB sends them). Each row carries a version so a viewer session sends only the
 * rows that changed. Thread-safe: sessions on several event loops share one screen.
 */
public final class TextScreen {
    public static final int COLUMNS = 80;
    public static final int ROWS = 30;
    public static final int WIDTH = COLUMNS * Font8x8.WIDTH;
    public static final int HEIGHT = ROWS * Font8x8.HEIGHT;
    /** Screen colours as 0xRRGGBB. */
    public static final int BACKGROUND = 0x101418;
    public static final int FOREGROUND = 0xd0d0d0;
    public static final int BAR_BACKGROUND = 0x204a87;
    public static final int BAR_FOREGROUND = 0xffffff;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final int KEY_BACKSPACE = 0xff08;
    private static final int KEY_RETURN = 0xff0d;
    private static final int KEY_KP_ENTER = 0xff8d;
    private static final int KEY_DELETE = 0xffff;

    private final String vmName;
    private final String prompt;
    private final List<String> body = new ArrayList<>();
    private final long[] versions = new long[ROWS];
    private final StringBuilder input = new StringBuilder();
    private String hostName;
    private String clock = "";
    private long version;
    private boolean control;
    private boolean alt;

    public TextScreen(String vmName, String hostName, Instant now) {
        this.vmName = vmName;
        this.hostName = hostName;
        this.prompt = shortName(vmName) + " login: ";
        this.clock = CLOCK.format(now);
        body.add("[    0.000000] Linux version 6.1.0-xen (PoolPilot simulated guest)");
        body.add("[    0.004211] Command line: root=/dev/xvda1 ro console=tty0");
        body.add("[    0.118530] xen: PV drivers for disks and network found");
        body.add("[    0.731902] EXT4-fs (xvda1): mounted filesystem with ordered data mode");
        body.add("[    1.402117] systemd[1]: Started OpenSSH server daemon.");
        body.add("[    1.983364] systemd[1]: Reached target Multi-User System.");
        body.add("");
        body.add("Debian GNU/Linux 12 " + shortName(vmName) + " tty1");
        body.add("");
        body.add(prompt);
        touchAll();
    }

    public synchronized String vmName() {
        return vmName;
    }

    /** The text of a row, padded to {@link #COLUMNS}. */
    public synchronized String row(int r) {
        String text;
        if (r == 0) {
            String left = " " + vmName + "  on " + hostName;
            String right = clock + " ";
            int room = COLUMNS - right.length();
            text = (left.length() > room ? left.substring(0, room) : left) + " ".repeat(Math.max(0, room - left.length())) + right;
        } else {
            int i = r - 1;
            text = i < body.size() ? body.get(i) : "";
            if (i == body.size() - 1) {
                text = text + "_";
            }
        }
        return text.length() >= COLUMNS ? text.substring(0, COLUMNS) : text + " ".repeat(COLUMNS - text.length());
    }

    /** The version of a row: it grows whenever the row's text may have changed. */
    public synchronized long rowVersion(int r) {
        return versions[r];
    }

    /** Every row's pixels of one row as 0xRRGGBB, {@link #WIDTH} x {@link Font8x8#HEIGHT}, row-major. */
    public int[] renderRow(int r) {
        String text = row(r);
        int fg = r == 0 ? BAR_FOREGROUND : FOREGROUND;
        int bg = r == 0 ? BAR_BACKGROUND : BACKGROUND;
        int[] pixels = new int[WIDTH * Font8x8.HEIGHT];
        for (int y = 0; y < Font8x8.HEIGHT; y++) {
            for (int c = 0; c < COLUMNS; c++) {
                char ch = text.charAt(c);
                for (int x = 0; x < Font8x8.WIDTH; x++) {
                    pixels[y * WIDTH + c * Font8x8.WIDTH + x] = Font8x8.ink(ch, x, y) ? fg : bg;
                }
            }
        }
        return pixels;
    }

    /** The clock moves on; true when the status bar changed. */
    public synchronized boolean tick(Instant now) {
        String next = CLOCK.format(now);
        if (next.equals(clock)) {
            return false;
        }
        clock = next;
        touch(0);
        return true;
    }

    /** The VM now runs on another host (a migration landed): the status bar says so. */
    public synchronized void movedTo(String newHostName) {
        if (!newHostName.equals(hostName)) {
            hostName = newHostName;
            touch(0);
        }
    }

    /** An RFB KeyEvent; true when the screen changed. */
    public synchronized boolean key(int keysym, boolean down) {
        switch (keysym) {
            case 0xffe3, 0xffe4 -> control = down;
            case 0xffe9, 0xffea, 0xffe7, 0xffe8 -> alt = down;
            default -> {
                if (down) {
                    String[] before = texts();
                    if (press(keysym)) {
                        String[] after = texts();
                        for (int r = 1; r < ROWS; r++) {
                            if (!before[r].equals(after[r])) {
                                touch(r);
                            }
                        }
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private String[] texts() {
        String[] out = new String[ROWS];
        for (int r = 0; r < ROWS; r++) {
            out[r] = row(r);
        }
        return out;
    }

    private boolean press(int keysym) {
        if (keysym == KEY_DELETE && control && alt) {
            finishLine();
            body.add("Ctrl-Alt-Del received: the guest would reboot now.");
            body.add(prompt);
        } else if (keysym == KEY_RETURN || keysym == KEY_KP_ENTER) {
            finishLine();
            body.add(prompt);
        } else if (keysym == KEY_BACKSPACE) {
            if (input.isEmpty()) {
                return false;
            }
            input.setLength(input.length() - 1);
            setLast(prompt + input);
        } else if (keysym >= 0x20 && keysym <= 0x7e) {
            if (control && (keysym == 'c' || keysym == 'C')) {
                setLast(prompt + input + "^C");
                finishLine();
                body.add(prompt);
            } else if (!control && prompt.length() + input.length() < COLUMNS - 1) {
                input.append((char) keysym);
                setLast(prompt + input);
            } else {
                return false;
            }
        } else {
            return false;
        }
        trim();
        return true;
    }

    private void finishLine() {
        input.setLength(0);
    }

    private void setLast(String text) {
        body.set(body.size() - 1, text);
    }

    private void trim() {
        while (body.size() > ROWS - 1) {
            body.removeFirst();
        }
    }

    private void touch(int r) {
        versions[r] = ++version;
    }

    private void touchAll() {
        for (int r = 0; r < ROWS; r++) {
            touch(r);
        }
    }

    private static String shortName(String vmName) {
        String s = vmName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        return s.isEmpty() ? "guest" : s;
    }
}
