package dev.nowcast.trainer.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecisionTest {
    @Test
    void withoutAChampionTheChallengerIsAccepted() {
        Decision d = Decision.noChampion(1.25);

        assertThat(d.publish()).isTrue();
        assertThat(d.forced()).isFalse();
        assertThat(d.championVersion()).isNull();
        assertThat(d.championScore()).isNull();
        assertThat(d.challengerScore()).isEqualTo(1.25);
        assertThat(d.summary()).startsWith("accepted: no champion");
    }

    @Test
    void aLowerMaeWins() {
        Decision d = Decision.compare(3, 2.0, 1.9, false);

        assertThat(d.publish()).isTrue();
        assertThat(d.forced()).isFalse();
        assertThat(d.championVersion()).isEqualTo(3);
        assertThat(d.championScore()).isEqualTo(2.0);
        assertThat(d.challengerScore()).isEqualTo(1.9);
        assertThat(d.summary()).isEqualTo("accepted: better than the champion (challenger MAE 1.90000 < champion v3 "
                + "MAE 2.00000)");
    }

    @Test
    void aHigherOrEqualMaeLosesUnlessForced() {
        Decision worse = Decision.compare(3, 2.0, 2.1, false);
        Decision tie = Decision.compare(3, 2.0, 2.0, false);
        Decision forced = Decision.compare(3, 2.0, 2.1, true);

        assertThat(worse.publish()).isFalse();
        assertThat(worse.summary()).startsWith("rejected: not better than the champion (challenger MAE 2.10000 >= "
                + "champion v3 MAE 2.00000)");
        assertThat(tie.publish()).isFalse();
        assertThat(forced.publish()).isTrue();
        assertThat(forced.forced()).isTrue();
        assertThat(forced.summary()).startsWith("accepted (forced): not better than the champion");
    }

    @Test
    void forceIsNotRecordedWhenTheChallengerWinsAnyway() {
        assertThat(Decision.compare(3, 2.0, 1.0, true).forced()).isFalse();
    }

    @Test
    void aChampionThatCannotScoreTheDataLoses() {
        Decision d = Decision.unscorableChampion(4, "it expects 2 covariates, the data has 0", 1.5);

        assertThat(d.publish()).isTrue();
        assertThat(d.championVersion()).isEqualTo(4);
        assertThat(d.championScore()).isNull();
        assertThat(d.summary()).contains("champion v4 cannot be scored on this data (it expects 2 covariates");
    }
}
