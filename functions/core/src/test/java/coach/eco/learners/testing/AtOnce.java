package coach.eco.learners.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Two requests sent at the same instant, as a double click or two open tabs send them. */
public final class AtOnce {
    private AtOnce() {
    }

    /** One request sent twice at once (a one-time link clicked twice, say); both answers, first request's first. */
    public static <T> List<T> twice(Callable<T> request) throws Exception {
        return both(request, request);
    }

    /**
     * The two requests on two threads, released together so that neither has finished before the other
     * starts; both answers, in the order given.
     */
    public static <T> List<T> both(Callable<T> first, Callable<T> second) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<T>> sent = pool.invokeAll(List.of(released(start, first), released(start, second)));
            List<T> answers = new ArrayList<>();
            for (Future<T> answer : sent) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> Callable<T> released(CyclicBarrier start, Callable<T> request) {
        return () -> {
            start.await();
            return request.call();
        };
    }
}
