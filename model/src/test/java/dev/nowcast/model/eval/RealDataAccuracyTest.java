package dev.nowcast.model.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 3's accuracy targets on real data (see {@link RealDataAccuracy} for the protocol). */
class RealDataAccuracyTest {
    @Test
    void flightsBeatSeasonalNaiveByTenPercentWithCalibratedIntervals() throws Exception {
        RealDataAccuracy.Run run = RealDataAccuracy.run("flights-hourly-departures.csv", RealDataAccuracy.flights(), 24);
        EvaluationReport r = run.report();
        System.out.println("flights: " + r + String.format(" fit=%.1fs", run.seconds()));
        assertThat(r.series()).isEqualTo(30);
        assertThat(r.seasonalNaiveMae()).isBetween(2.6, 2.8);
        assertThat(r.mae()).isLessThanOrEqualTo(0.9 * r.seasonalNaiveMae());
        assertThat(r.coverage()).isBetween(0.75, 0.85);
        assertThat(run.seconds()).isLessThan(600);
    }

    @Test
    void sensorsAreNoWorseThanNaive() throws Exception {
        RealDataAccuracy.Run run = RealDataAccuracy.run("sensors-wsn-single-hop.csv", RealDataAccuracy.sensors(), 0);
        EvaluationReport r = run.report();
        System.out.println("sensors: " + r + String.format(" fit=%.1fs", run.seconds()));
        assertThat(r.series()).isEqualTo(8);
        assertThat(r.mae()).isLessThanOrEqualTo(r.naiveMae());
        assertThat(run.seconds()).isLessThan(600);
    }
}
