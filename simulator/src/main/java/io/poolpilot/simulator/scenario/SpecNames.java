package io.poolpilot.simulator.scenario;

import java.util.ArrayList;
import java.util.List;

/** Expands a scenario entry with {@code count: n} into n names: "web" becomes "web-01" ... "web-nn". */
final class SpecNames {
    private SpecNames() {
    }

    static List<String> expand(String name, int count) {
        if (count == 1) {
            return List.of(name);
        }
        int width = Math.max(2, Integer.toString(count).length());
        List<String> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            out.add(name + "-" + String.format("%0" + width + "d", i));
        }
        return out;
    }
}
