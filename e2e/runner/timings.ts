/** One timed step of the e2e run. */
export interface StepTiming {
    stack: string;
    step: string;
    seconds: number;
    ok: boolean;
    /** A figure derived from a step (not a step of its own): shown, not added to the total. */
    derived?: boolean;
}

/** Records the wall time of each step and prints them as a table. */
export class Timings {
    readonly steps: StepTiming[] = [];

    constructor(private readonly log: (line: string) => void) {}

    /** Runs `body` as step `step` of `stack`, recording its wall time whether it passes or throws. */
    async step<T>(stack: string, step: string, body: () => Promise<T>): Promise<T> {
        const started = Date.now();
        this.log(`── ${stack}: ${step}`);
        try {
            const result = await body();
            this.record(stack, step, started, true);
            return result;
        } catch (error) {
            this.record(stack, step, started, false);
            throw error;
        }
    }

    /** Records a figure derived from a step (e.g. seconds per pod of a roll) as a row of its own. */
    figure(stack: string, what: string, seconds: number): void {
        this.steps.push({ stack, step: what, seconds, ok: true, derived: true });
        this.log(`   ${what}: ${seconds.toFixed(1)}s`);
    }

    table(): string {
        const rows = this.steps.map((s) => [s.stack, s.step, s.seconds.toFixed(1), s.derived === true ? "figure" : s.ok ? "ok" : "FAILED"]);
        const header = ["stack", "step", "seconds", "result"];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
        const total = this.steps.filter((s) => s.derived !== true).reduce((sum, s) => sum + s.seconds, 0);
        return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), `total: ${total.toFixed(1)}s`].join("\n");
    }

    private record(stack: string, step: string, started: number, ok: boolean): void {
        const seconds = (Date.now() - started) / 1000;
        this.steps.push({ stack, step, seconds, ok });
        this.log(`   ${ok ? "ok" : "FAILED"} in ${seconds.toFixed(1)}s`);
    }
}
