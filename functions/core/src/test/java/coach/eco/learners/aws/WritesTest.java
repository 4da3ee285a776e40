package coach.eco.learners.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WritesTest {
    private static final String LOOKUP = "LookupTable";
    private static final String AUDIT = "AuditTable";

    @Test
    void aSecondWriteOnOneItem_isRefused_whetherItNamesTheKeyOrPutsTheItem() {
        Writes writes = Writes.of(delete(LOOKUP, "sign-in#a"));

        assertThatThrownBy(() -> writes.add(delete(LOOKUP, "sign-in#a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writes.add(put(LOOKUP, "sign-in#a"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesOnItemsOfOtherKeysOrTables_standSideBySide() {
        Writes writes = Writes.of(delete(LOOKUP, "sign-in#a"), put(LOOKUP, "session#b"), put(AUDIT, "sign-in#a"));

        assertThat(writes.transaction()).hasSize(3);
    }

    @Test
    void theHundredAndFirstWrite_isRefused() {
        Writes writes = new Writes().addAll(IntStream.range(0, 100).mapToObj(i -> put(AUDIT, "record#" + i)).toList());

        assertThatThrownBy(() -> writes.add(put(AUDIT, "record#100"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void deletesWaitingForRoom_fillWhatTheWritesLeave_andTheRestFollowTheCommit() {
        Writes writes = new Writes().addAll(IntStream.range(0, 97).mapToObj(i -> put(AUDIT, "record#" + i)).toList());
        List<TransactWriteItem> sessions = IntStream.range(0, 5).mapToObj(i -> delete(LOOKUP, "session#" + i)).toList();

        writes.deleteWhereRoom(sessions);
        writes.add(put(AUDIT, "record#97"));

        assertThat(writes.transaction()).hasSize(100).containsAll(sessions.subList(0, 2));
        assertThat(writes.afterCommit()).containsExactlyElementsOf(sessions.subList(2, 5));
    }

    @Test
    void aDeleteWaitingForRoom_ofAnItemTheTransactionWrites_isLeftToThatWrite() {
        TransactWriteItem outboxEntry = put(LOOKUP, "outbox#email-change#p");
        TransactWriteItem consumedLink = delete(LOOKUP, "change-email#t");
        Writes writes = Writes.of(outboxEntry, consumedLink);

        writes.deleteWhereRoom(List.of(delete(LOOKUP, "outbox#email-change#p"), delete(LOOKUP, "change-email#t"),
                delete(LOOKUP, "session#s"), delete(LOOKUP, "session#s")));

        assertThat(writes.transaction()).containsExactly(outboxEntry, consumedLink, delete(LOOKUP, "session#s"));
        assertThat(writes.afterCommit()).isEmpty();
    }

    @Test
    void onlyDeletes_mayWaitForRoom() {
        assertThatThrownBy(() -> new Writes().deleteWhereRoom(List.of(put(LOOKUP, "session#s"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static TransactWriteItem delete(String table, String key) {
        return TransactWriteItem.builder().delete(delete -> delete.tableName(table)
                .key(Map.of("lookupKey", AttributeValue.fromS(key)))).build();
    }

    private static TransactWriteItem put(String table, String key) {
        return TransactWriteItem.builder().put(put -> put.tableName(table).item(Map.of(
                "lookupKey", AttributeValue.fromS(key), "profileId", AttributeValue.fromS("p")))).build();
    }
}
