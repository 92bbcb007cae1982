/** One timed step of the e2e run. */
export interface StepTiming {
    stack: string;
    step: string;
    seconds: number;
    ok: boolean;
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

    table(): string {
        const rows = this.steps.map((s) => [s.stack, s.step, s.seconds.toFixed(1), s.ok ? "ok" : "FAILED"]);
        const header = ["stack", "step", "seconds", "result"];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
        const total = this.steps.reduce((sum, s) => sum + s.seconds, 0);
        return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), `total: ${total.toFixed(1)}s`].join("\n");
    }

    private record(stack: string, step: string, started: number, ok: boolean): void {
        const seconds = (Date.now() - started) / 1000;
        this.steps.push({ stack, step, seconds, ok });
        this.log(`   ${ok ? "ok" : "FAILED"} in ${seconds.toFixed(1)}s`);
    }
}
