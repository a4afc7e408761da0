package io.fedstream.job.round;

import static io.fedstream.job.TestUpdates.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ReasonCode;
import io.fedstream.contract.Codecs;
import io.fedstream.job.TestUpdates;
import org.junit.jupiter.api.Test;

/** {@link UpdateValidator} on client and model ids ({@link IdRules}). */
class UpdateValidatorIdsTest {
    private final UpdateValidator validator = new UpdateValidator(MODEL, SPEC);

    private ReasonCode reasonOf(io.fedstream.job.types.RawRecord raw) {
        return TestUpdates.reasonOf(validator, raw);
    }

    @Test
    void acceptsIdsOfUpTo128PrintableCharactersIncludingNonAscii() {
        for (String id : new String[] {"a".repeat(128), "\uD83D\uDE00".repeat(128), "client é 7"}) {
            assertThat(validator.validate(raw(update(id, 1, 5, filled(0)).build())).accepted())
                    .as("client id of %d chars", id.length())
                    .isNotNull();
        }
    }

    @Test
    void rejectsOverLongEmptyAndNonPrintableIdsWithACappedDetail() {
        Object[][] cases = {
            {"x".repeat(129), MODEL, "client_id has 129 characters: expected at most 128"},
            {"x".repeat(100_000), MODEL, "client_id has 100000 characters: expected at most 128"},
            {"", MODEL, "client_id is empty: expected 1-128 printable characters"},
            {
                "ab\u0007c",
                MODEL,
                "client_id has the non-printable character U+0007 at position 2: expected"
                        + " printable characters only"
            },
            {
                "a\u200Bb",
                MODEL,
                "client_id has the non-printable character U+200B at position 1: expected"
                        + " printable characters only"
            },
            {"c1", "m".repeat(200), "model_id has 200 characters: expected at most 128"},
            {
                "c1",
                "fm\n",
                "model_id has the non-printable character U+000A at position 2: expected"
                        + " printable characters only"
            },
        };
        for (Object[] c : cases) {
            String client = (String) c[0];
            UpdateValidator.Outcome outcome =
                    validator.validate(
                            raw(
                                    "k",
                                    Codecs.modelUpdate()
                                            .encode(
                                                    update(client, 1, 5, filled(0))
                                                            .setModelId((String) c[1])
                                                            .build())));
            assertThat(outcome.accepted()).as("%s", c[2]).isNull();
            assertThat(outcome.rejection().reason()).isEqualTo(ReasonCode.BAD_ID);
            assertThat(outcome.rejection().detail()).isEqualTo(c[2]);
            assertThat(outcome.rejection().clientId().length()).isLessThanOrEqualTo(128 + 30);
        }
    }

    @Test
    void aLoneSurrogateBreaksTheIdRule() {
        // Avro's UTF-8 writer turns a lone surrogate into '?', so only a decoder in another
        // language could deliver one; the rule refuses it all the same.
        assertThat(IdRules.violation("client_id", "a\uD800"))
                .isEqualTo(
                        "client_id has the non-printable character U+D800 at position 1: expected"
                                + " printable characters only");
    }
}
