// The part of autocannon 9's API that bench/http/run.ts uses (the package ships no types).
declare module 'autocannon' {
	type Histogram = { average: number; p50: number; p99: number };
	type Result = { requests: Histogram; latency: Histogram; throughput: Histogram; errors: number; non2xx: number };
	export default function autocannon(opts: { url: string; connections?: number; duration?: number }): Promise<Result>;
}
