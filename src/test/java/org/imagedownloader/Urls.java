package org.imagedownloader;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The URLs of test lists, numbered from 0 between a start and an end: {@code start + i + end}. */
final class Urls {

    private Urls() {
    }

    /** n URLs: {@code numbered("http://h/img/", 3, ".jpg")} is http://h/img/0.jpg to http://h/img/2.jpg. */
    static List<String> numbered(String start, int n, String end) {
        return IntStream.range(0, n).mapToObj(i -> start + i + end).toList();
    }

    /** The text of a list file of n numbered URLs, one a line, the last line ended too. */
    static String list(String start, int n, String end) {
        return text(numbered(start, n, end));
    }

    /** The text of a list file of these lines, the last one ended too. */
    static String text(List<String> lines) {
        return lines.stream().map(line -> line + "\n").collect(Collectors.joining());
    }

    /** The URLs taken in turn from each of the lists (one host's each), as a list mixing hosts holds them. */
    static List<String> interleaved(List<List<String>> perHost) {
        int longest = perHost.stream().mapToInt(List::size).max().orElse(0);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < longest; i++) {
            for (List<String> urls : perHost) {
                if (i < urls.size()) {
                    all.add(urls.get(i));
                }
            }
        }
        return all;
    }
}
