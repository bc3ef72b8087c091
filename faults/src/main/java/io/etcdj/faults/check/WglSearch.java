package io.etcdj.faults.check;

import io.etcdj.faults.check.LinearizabilityChecker.Result.Verdict;

/**
 * The Wing–Gong depth-first search for a linearization, with Lowe's memo (as Porcupine and Knossos do it), made to
 * cope with INFO operations.
 *
 * <p>Walking the OK events from the head of their list, the search tries each call it meets: if the operation can take
 * effect in the current state and the resulting configuration is new ({@link ConfigurationCache}), it is linearized:
 * pushed on the stack, lifted out of the list, and the walk restarts at the head. Meeting a return R means every OK
 * call before it was tried; then the INFO operations invoked before R that could matter are tried ({@link
 * PendingInfo}). When none is left, R's operation cannot be linearized before its own return here, so the last choice
 * was wrong: pop it, put it back, and go on with the next candidate after it. An empty stack at that point means no
 * linearization exists. The search succeeds as soon as every OK operation is linearized: INFO operations left over
 * are the ones that never took effect.
 *
 * <p>A failing search must exhaust every configuration before the failure, so it avoids those it can prove useless:
 * (1) an OK read or refused CAS that can take effect now is linearized without trying alternatives
 * ({@link #availableObservation}); (2) OK calls are tried before INFO ones, so configurations that used fewer INFO
 * operations are met first and dominate the others in the memo; (3) only canonical linearizations are searched
 * ({@link #isCanonical}): an INFO operation is tried only where the operation after it needs it; (4) of the INFO
 * writes whose value nothing left observes (interchangeable), only one is tried per configuration. Without (3) and
 * (4), every INFO operation that never took effect (it stays pending to the end) multiplied the configurations: a
 * 300-operation history with 5% INFO ones was undecidable in 5,000,000; with all four, 5,000 operations from 10
 * clients take about 10,000 configurations when linearizable and 100,000 when not.
 *
 * <p>While it backtracks, the search remembers the furthest point it reached: the unlinearizable operation whose return
 * lies latest in time order, with the state it met and the last operations linearized before it. That is the failing
 * point a human wants to see.
 */
final class WglSearch {
    /** How many of the last linearized operations a failure report keeps. */
    static final int TAIL_LENGTH = 10;
    /** How far down the stack a failure report looks for the operation that wrote the state it met. */
    private static final int WRITER_SCAN_LIMIT = 1_000;

    /** Where the search got stuck: operation {@code op} could not follow the linearized prefix. */
    record Failure(int op, int state, int prefixLength, int[] tail, int stateWriter) {}

    /** The search's answer; {@code failure} is set for NOT_LINEARIZABLE, {@code reason} for UNKNOWN. */
    record Found(Verdict verdict, long configurations, long steps, int deepest, Failure failure, String reason) {}

    private final RegisterModel model;
    private final EventList okEvents;
    private final PendingInfo info;
    private final Fingerprints keys;
    private final ConfigurationCache cache = new ConfigurationCache();

    // The current configuration: OK operations linearized (fingerprint), INFO ones (bits), state.
    private long okHigh;
    private long okLow;
    private final long[] usedInfo;
    private int state;
    private int okLeft;

    // The walk in the current configuration: over the OK events, then over the INFO candidates.
    private int okEntry;
    private boolean infoPass;
    private int firstReturn;
    private int candidateCount;
    private int candidateIndex;
    /** True once this walk has tried an anonymous INFO write: the others are interchangeable with it. */
    private boolean anonymousTried;
    /** Set by a successful {@link #tryLinearize}: the walk of a new configuration begins. */
    private boolean justLinearized;

    private final int[] stackOp;
    private final int[] stackState;
    /** The walk's {@link #anonymousTried} when each stack entry was pushed. */
    private final boolean[] stackAnonymousTried;
    /** Whether each stack entry was forced ({@link #availableObservation}): then its parent fails with it. */
    private final boolean[] stackForced;

    private int depth;

    private int deepest;
    private int bestRank = -1;
    private Failure best;

    private WglSearch(RegisterModel model) {
        this.model = model;
        this.okEvents = EventList.okEvents(model);
        this.info = new PendingInfo(model);
        this.keys = new Fingerprints(model.size(), model.distinctValues());
        this.usedInfo = new long[(model.infoCount() + 63) / 64];
        this.state = model.initialState();
        this.okLeft = model.okCount();
        this.stackOp = new int[model.size()];
        this.stackState = new int[model.size()];
        this.stackAnonymousTried = new boolean[model.size()];
        this.stackForced = new boolean[model.size()];
    }

    static Found run(RegisterModel model, long maxConfigurations, long maxSteps) {
        return new WglSearch(model).search(maxConfigurations, maxSteps);
    }

    private Found search(long maxConfigurations, long maxSteps) {
        okEntry = okEvents.first();
        boolean entering = true;
        long steps = 0;
        while (okLeft > 0) {
            if (++steps > maxSteps) {
                return unknown(steps, "search bound reached: " + maxSteps + " steps");
            }
            if (cache.added() > maxConfigurations) {
                return unknown(steps, "search bound reached: " + maxConfigurations + " configurations");
            }
            boolean failed = false;
            if (entering) {
                int observation = availableObservation();
                if (observation >= 0) {
                    failed = !tryLinearize(observation, true);
                } else {
                    entering = false;
                    continue;
                }
            } else if (!infoPass) {
                if (okEntry == EventList.NONE) {
                    throw new IllegalStateException("the event list ran out with " + okLeft + " OK operations left");
                }
                if (!EventList.isCall(okEntry)) {
                    startInfoPass(okEntry);
                } else if (!tryLinearize(EventList.opOf(okEntry), false)) {
                    okEntry = okEvents.next(okEntry);
                }
            } else if (candidateIndex < candidateCount) {
                tryLinearize(info.candidate(candidateIndex++), false);
            } else {
                noteStuck(firstReturn);
                failed = true;
            }
            if (failed && !backtrack()) {
                if (best == null) {
                    throw new IllegalStateException("the search failed without meeting a return it could not pass");
                }
                return new Found(Verdict.NOT_LINEARIZABLE, cache.added(), steps, deepest, best, null);
            }
            entering = justLinearized;
            justLinearized = false;
        }
        return new Found(Verdict.LINEARIZABLE, cache.added(), steps, deepest, null, null);
    }

    /**
     * An OK read or refused CAS that can be linearized right now, or -1. Such an operation changes nothing, so if any
     * linearization from here exists, one that starts with it does (move it to the front: everything it must follow is
     * already linearized, and it leaves the state as it found it): it is linearized without trying alternatives, and
     * if that fails, this configuration fails.
     */
    private int availableObservation() {
        for (int node = okEvents.first();
                node != EventList.NONE && EventList.isCall(node);
                node = okEvents.next(node)) {
            int op = EventList.opOf(node);
            if (model.isObservation(op) && model.step(state, op) != RegisterModel.ILLEGAL && isCanonical(op, state)) {
                return op;
            }
        }
        return -1;
    }

    /** Every OK call before {@code returnNode} was tried: now the INFO operations that could matter. */
    private void startInfoPass(int returnNode) {
        infoPass = true;
        firstReturn = returnNode;
        candidateCount = info.candidates(state, EventList.time(model, returnNode));
        candidateIndex = 0;
        anonymousTried = false;
    }

    /**
     * Tries to linearize {@code op} now; if it did, the walk restarts in the new configuration. {@code forced}: the
     * current configuration stands or falls with this step ({@link #availableObservation}).
     */
    private boolean tryLinearize(int op, boolean forced) {
        int next = model.step(state, op);
        if (next == RegisterModel.ILLEGAL || !isCanonical(op, next)) {
            return false;
        }
        if (infoPass && info.isAnonymousWrite(op)) {
            if (anonymousTried) {
                return false;
            }
            anonymousTried = true;
        }
        int infoNumber = model.infoNumber(op);
        long high = okHigh ^ keys.stateHigh(next);
        long low = okLow ^ keys.stateLow(next);
        if (infoNumber < 0) {
            high ^= keys.opHigh(op);
            low ^= keys.opLow(op);
        } else {
            // After an INFO operation the next step depends on the state before it (isCanonical).
            high ^= keys.afterInfoHigh(state);
            low ^= keys.afterInfoLow(state);
        }
        flipInfo(infoNumber);
        if (!cache.add(high, low, usedInfo)) {
            flipInfo(infoNumber);
            return false;
        }
        stackOp[depth] = op;
        stackState[depth] = state;
        stackAnonymousTried[depth] = anonymousTried;
        stackForced[depth] = forced;
        depth++;
        deepest = Math.max(deepest, depth);
        if (infoNumber < 0) {
            okHigh ^= keys.opHigh(op);
            okLow ^= keys.opLow(op);
            okLeft--;
            okEvents.lift(op);
        }
        info.lift(op);
        state = next;
        infoPass = false;
        okEntry = okEvents.first();
        justLinearized = true;
        return true;
    }

    /**
     * Undoes linearizations until a configuration whose walk can go on (one that was not forced), and resumes that
     * walk after the operation undone; false if the stack ran out (no linearization exists).
     */
    private boolean backtrack() {
        while (depth > 0) {
            depth--;
            int top = stackOp[depth];
            state = stackState[depth];
            int infoNumber = model.infoNumber(top);
            info.unlift(top);
            flipInfo(infoNumber);
            if (infoNumber < 0) {
                okHigh ^= keys.opHigh(top);
                okLow ^= keys.opLow(top);
                okLeft++;
                okEvents.unlift(top);
            }
            if (stackForced[depth]) {
                continue;
            }
            if (infoNumber < 0) {
                infoPass = false;
                okEntry = okEvents.afterCall(top);
                return true;
            }
            // The candidates are a function of the configuration, so the walk finds them as they were when top was
            // tried, and goes on after it.
            startInfoPass(firstOkReturn());
            while (candidateIndex < candidateCount && info.candidate(candidateIndex) != top) {
                candidateIndex++;
            }
            if (candidateIndex == candidateCount) {
                throw new IllegalStateException("INFO operation " + top + " is not among its walk's candidates");
            }
            candidateIndex++;
            anonymousTried = stackAnonymousTried[depth];
            return true;
        }
        return false;
    }

    /** The first return still in the OK list: there is one while an OK operation is left. */
    private int firstOkReturn() {
        int node = okEvents.first();
        while (node != EventList.NONE && EventList.isCall(node)) {
            node = okEvents.next(node);
        }
        if (node == EventList.NONE) {
            throw new IllegalStateException("no OK return left though " + okLeft + " OK operations are");
        }
        return node;
    }

    private void flipInfo(int infoNumber) {
        if (infoNumber >= 0) {
            usedInfo[infoNumber >> 6] ^= 1L << infoNumber;
        }
    }

    /**
     * Whether linearizing {@code op} next (giving state {@code next}) keeps the linearization canonical:
     *
     * <ol>
     *   <li>an INFO operation must change the state (else leave it out: it changed nothing);
     *   <li>the operation right after an INFO one I, which changed the state from p, must be one that could not have
     *       taken effect (or, if INFO, changed anything) in p: it needs I. Otherwise it can be moved before I, or, if
     *       it is a WRITE, I can be left out (its value was overwritten before anything observed it). So an INFO
     *       operation is not tried at all when no operation left could need it.
     * </ol>
     *
     * Each such change keeps a linearization valid (an INFO operation precedes nothing in real time, so it can move
     * later or go), and each moves an INFO operation later or removes one, so they terminate: if any linearization
     * exists, a canonical one does, and the search need only look for those. Without these rules an INFO write that
     * never took effect could be slipped in before every later operation that tolerates its value, and each one left
     * pending multiplies the configurations a failing search must exhaust.
     */
    private boolean isCanonical(int op, int next) {
        if (!model.isOk(op)
                && (next == state || !info.couldBeNeeded(state, next, EventList.time(model, firstReturn)))) {
            return false;
        }
        if (depth == 0 || model.isOk(stackOp[depth - 1])) {
            return true;
        }
        if (model.ignoresState(op)) {
            return false;
        }
        int before = stackState[depth - 1];
        int atBefore = model.step(before, op);
        return atBefore == RegisterModel.ILLEGAL || (!model.isOk(op) && atBefore == before);
    }

    private Found unknown(long steps, String bound) {
        String reason = bound + " explored without deciding (" + cache.added() + " configurations, " + steps
                + " steps; the longest linearized prefix held " + deepest + " of " + model.size() + " operations)";
        return new Found(Verdict.UNKNOWN, cache.added(), steps, deepest, null, reason);
    }

    /** The return event {@code returnNode} was reached before its operation was linearized: note it if furthest. */
    private void noteStuck(int returnNode) {
        int rank = okEvents.rank(returnNode);
        if (rank <= bestRank) {
            return;
        }
        bestRank = rank;
        int[] tail = new int[Math.min(TAIL_LENGTH, depth)];
        System.arraycopy(stackOp, depth - tail.length, tail, 0, tail.length);
        best = new Failure(EventList.opOf(returnNode), state, depth, tail, stateWriter());
    }

    /** The last linearized operation that set the register to the current state, or -1 if none was found. */
    private int stateWriter() {
        for (int j = depth - 1; j >= Math.max(0, depth - WRITER_SCAN_LIMIT); j--) {
            int op = stackOp[j];
            int after = j + 1 < depth ? stackState[j + 1] : state;
            if (model.writes(op) && model.value(op) == state && after == state) {
                return op;
            }
        }
        return -1;
    }
}
