package io.poolpilot.api.support;

import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** Keyset paging over an in-memory list, the way a database-backed port pages (key strictly after). */
final class Paging {
    private Paging() {
    }

    static <T> Page<T> page(List<T> items, Function<T, String> key, PageRequest request) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(key));
        List<T> after = sorted.stream()
                .filter(t -> request.afterKey() == null || key.apply(t).compareTo(request.afterKey()) > 0)
                .toList();
        List<T> slice = after.subList(0, Math.min(request.limit(), after.size()));
        String next = after.size() > slice.size() ? key.apply(slice.get(slice.size() - 1)) : null;
        return new Page<>(slice, next);
    }
}
