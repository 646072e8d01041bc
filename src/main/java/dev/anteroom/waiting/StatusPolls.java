package dev.anteroom.waiting;

import java.util.concurrent.atomic.LongAdder;

/** The count of status polls served since start, kept by the status servlet. */
public record StatusPolls(LongAdder count) {}
