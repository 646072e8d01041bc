package dev.anteroom.waiting.web;

import java.util.concurrent.atomic.LongAdder;

/** The count of status polls served since start, kept by the status servlet. */
public record StatusPolls(LongAdder count) {}
