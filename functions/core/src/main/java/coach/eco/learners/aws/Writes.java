package coach.eco.learners.aws;

import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The writes of one DynamoDB transaction, gathered from the stores that own their items: each store
 * adds its own, and no caller reads or counts another's. It refuses a second write on an item it
 * already writes and a 101st write (DynamoDB would refuse the transaction). Deletes that may follow
 * the commit (the sessions and links a change ends) fill the room the writes leave: the rest are
 * deleted right after the commit, and one of an item the transaction writes anyway is left to that
 * write. {@link Transactions} commits it.
 */
public final class Writes {
    /** DynamoDB's limit on the items of one transaction. */
    public static final int MAX_ITEMS = 100;

    private final List<TransactWriteItem> writes = new ArrayList<>();
    private final List<TransactWriteItem> deletesWhereRoom = new ArrayList<>();

    public static Writes of(TransactWriteItem... writes) {
        Writes all = new Writes();
        for (TransactWriteItem write : writes) {
            all.add(write);
        }
        return all;
    }

    /** Adds a write; one on an item already written, or past the limit, is a mistake of the caller's and thrown. */
    public Writes add(TransactWriteItem write) {
        if (writes.stream().anyMatch(written -> sameItem(written, write))) {
            throw new IllegalArgumentException("a transaction writes an item of " + Target.of(write).table() + " once");
        }
        if (writes.size() == MAX_ITEMS) {
            throw new IllegalStateException("a transaction holds at most " + MAX_ITEMS + " writes");
        }
        writes.add(write);
        return this;
    }

    public Writes addAll(Collection<TransactWriteItem> more) {
        more.forEach(this::add);
        return this;
    }

    /**
     * Deletes that belong with this transaction where it has room, and are done right after its commit
     * where it has not (each is idempotent: a second delete of an item is a no-op).
     */
    public Writes deleteWhereRoom(Collection<TransactWriteItem> deletes) {
        for (TransactWriteItem delete : deletes) {
            if (delete.delete() == null) {
                throw new IllegalArgumentException("only deletes may wait for room");
            }
            deletesWhereRoom.add(delete);
        }
        return this;
    }

    /** What the transaction sends: every write, then as many of the deletes as there is room for. */
    List<TransactWriteItem> transaction() {
        List<TransactWriteItem> items = new ArrayList<>(writes);
        List<TransactWriteItem> waiting = waitingDeletes();
        items.addAll(waiting.subList(0, roomFor(waiting)));
        return items;
    }

    /** The deletes the transaction had no room for: done after its commit. */
    List<TransactWriteItem> afterCommit() {
        List<TransactWriteItem> waiting = waitingDeletes();
        return waiting.subList(roomFor(waiting), waiting.size());
    }

    /** The deletes waiting for room, but those of an item written anyway, each once. */
    private List<TransactWriteItem> waitingDeletes() {
        List<TransactWriteItem> waiting = new ArrayList<>();
        for (TransactWriteItem delete : deletesWhereRoom) {
            if (writes.stream().noneMatch(written -> sameItem(written, delete))
                    && waiting.stream().noneMatch(kept -> sameItem(kept, delete))) {
                waiting.add(delete);
            }
        }
        return waiting;
    }

    private int roomFor(List<TransactWriteItem> waiting) {
        return Math.min(waiting.size(), MAX_ITEMS - writes.size());
    }

    /**
     * Whether two writes are on one item: of one table, and with one key. A delete, an update and a
     * condition check name their item's key; a put is on the item whose key its attributes hold (two
     * puts are told apart by their items).
     */
    static boolean sameItem(TransactWriteItem one, TransactWriteItem other) {
        Target target = Target.of(one);
        Target otherTarget = Target.of(other);
        if (!target.table().equals(otherTarget.table())) {
            return false;
        }
        if (target.key() != null && otherTarget.key() != null) {
            return target.key().equals(otherTarget.key());
        }
        if (target.key() != null) {
            return holds(other.put().item(), target.key());
        }
        if (otherTarget.key() != null) {
            return holds(one.put().item(), otherTarget.key());
        }
        return one.put().item().equals(other.put().item());
    }

    private static boolean holds(Map<String, AttributeValue> item, Map<String, AttributeValue> key) {
        return item.entrySet().containsAll(key.entrySet());
    }

    /** The table a write is on, and the key it names (none for a put, which names only its item). */
    private record Target(String table, @Nullable Map<String, AttributeValue> key) {
        static Target of(TransactWriteItem write) {
            if (write.put() != null) {
                return new Target(write.put().tableName(), null);
            }
            if (write.delete() != null) {
                return new Target(write.delete().tableName(), write.delete().key());
            }
            if (write.update() != null) {
                return new Target(write.update().tableName(), write.update().key());
            }
            return new Target(write.conditionCheck().tableName(), write.conditionCheck().key());
        }
    }
}
