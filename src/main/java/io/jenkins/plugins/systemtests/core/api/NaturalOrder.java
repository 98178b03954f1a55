package io.jenkins.plugins.systemtests.core.api;

import java.util.Comparator;

/**
 * Names as people count them: {@code machine-2} before {@code machine-10}. Runs of ASCII digits compare by their
 * value, everything else character by character ignoring case. The pages' script sorts the same way
 * ({@code SystemTestsUi.naturalCompare} in common.js; {@code NaturalOrderTest} holds both to the same examples).
 */
public final class NaturalOrder {
    /** Natural order ignoring case: {@code Lab-1} and {@code lab-1} are the same name. */
    public static final Comparator<String> IGNORING_CASE = NaturalOrder::compareIgnoringCase;

    /** Natural order; names that differ only in case, or in leading zeros, still have an order between them. */
    public static final Comparator<String> INSTANCE = IGNORING_CASE.thenComparing(Comparator.naturalOrder());

    private NaturalOrder() {
    }

    private static int compareIgnoringCase(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            if (isDigit(a.charAt(i)) && isDigit(b.charAt(j))) {
                int startA = skipZeros(a, i);
                int startB = skipZeros(b, j);
                int endA = digitsEnd(a, startA);
                int endB = digitsEnd(b, startB);
                if (endA - startA != endB - startB) {
                    return (endA - startA) - (endB - startB); // more significant digits: a larger number
                }
                for (int k = 0; k < endA - startA; k++) {
                    int difference = a.charAt(startA + k) - b.charAt(startB + k);
                    if (difference != 0) {
                        return difference;
                    }
                }
                i = endA;
                j = endB;
            } else {
                int difference = Character.toLowerCase(a.charAt(i)) - Character.toLowerCase(b.charAt(j));
                if (difference != 0) {
                    return difference;
                }
                i++;
                j++;
            }
        }
        int rest = (a.length() - i) - (b.length() - j);
        // The same up to here: the shorter first; with equal numbers, fewer leading zeros first (m-1, m-01).
        return rest != 0 ? rest : a.length() - b.length();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int skipZeros(String s, int from) {
        int i = from;
        while (i < s.length() - 1 && s.charAt(i) == '0' && isDigit(s.charAt(i + 1))) {
            i++;
        }
        return i;
    }

    private static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
