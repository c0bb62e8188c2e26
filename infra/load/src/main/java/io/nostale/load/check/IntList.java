package io.nostale.load.check;

import java.util.Arrays;

/** A growable list of ints without boxing: the change ids one page received. */
public final class IntList {

    private static final int[] EMPTY = new int[0];
    private int[] values = EMPTY;
    private int size;

    public void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.max(8, size * 2));
        }
        values[size++] = value;
    }

    public int get(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return values[index];
    }

    public int size() {
        return size;
    }

    /** Empties the list and lets go of its memory. */
    public void clear() {
        values = EMPTY;
        size = 0;
    }

    /** A sorted copy of {@code [from, to)}. */
    public int[] sortedRange(int from, int to) {
        int[] copy = Arrays.copyOfRange(values, from, to);
        Arrays.sort(copy);
        return copy;
    }
}
