"""The Markdown block a bench run prints, ready for docs/benchmarks.md: commands, numbers, goals, verdicts."""

from __future__ import annotations

from typing import Any


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def each(burst: dict[str, Any], key: str) -> str:
    return ", ".join(str(sample[key]) for sample in burst["samples"])


def seeded(results: dict[str, Any]) -> str:
    if results.get("seeded_articles") is None:
        return ""
    return f" (demo + {fmt(results['seeded_articles'])} archive articles, seeded in {results.get('seed_seconds')} s)"


def markdown(results: dict[str, Any]) -> str:
    parts = results.get("parts", {})
    machine = results.get("machine", {})
    lines = [
        f"### {results.get('mode', '')} run, {results.get('started', '')}: {results.get('database', '')}, "
        f"{fmt(results.get('published_articles'))} published articles",
        "",
        "```",
        results.get("command", ""),
        "```",
        "",
        f"Data: {results.get('data_dir')}{seeded(results)}. {machine.get('cpus')} CPUs, "
        f"load average {machine.get('load_average_start')} at the start, "
        f"{machine.get('load_average_end')} at the end; wrk and the servers share the machine, over loopback. "
        f"Median of {results.get('settings', {}).get('runs')} run(s); {results.get('seconds_total')} s in all.",
        "",
    ]
    if "cached" in parts:
        found = parts["cached"]
        lines += [
            f"**1. Cached article** ({fmt(found['html_bytes'])} bytes of HTML, `{found['path']}`)",
            "",
            "| server | req/s | p50 ms | p99 ms | errors | ratio to nginx | goal | verdict |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        names = {
            "nginx": "nginx (file)",
            "varnish": "Varnish (kabar.vcl)",
            "kabar": "`kabar serve` alone",
            "nginx_gzip": "nginx (file, gzip: ratio base for the row below)",
            "varnish_gzip": "Varnish (kabar.vcl), gzip",
        }
        for name, server in found["servers"].items():
            lines.append(
                f"| {names[name]} | {fmt(server['rps'])} | {fmt(server.get('p50_ms'), 2)} | "
                f"{fmt(server.get('p99_ms'), 2)} | {fmt(server.get('errors'), 0)} | "
                f"{fmt(server.get('ratio_to_nginx'), 3)} | "
                f"{server.get('goal', '')} | {server.get('verdict', '')} |"
            )
        wrk_settings = found["servers"]["nginx"]["command"].rsplit(" ", 1)[0]
        lines += ["", f"Each: `{wrk_settings} <url>`, runs interleaved.", ""]
    if "render" in parts:
        found = parts["render"]
        lines += [
            "**2. Uncached render** (page cache off; bare Django = the same bytes from a Django view, same granian)",
            "",
            "| page | Kabar req/s | bare Django req/s | ratio | goal | verdict | p50 ms | p99 ms | errors | queries |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for name, page in found["pages"].items():
            kabar = page["kabar"]
            lines.append(
                f"| {name} | {fmt(kabar['rps'])} | {fmt(page['bare_django']['rps'])} | {fmt(page['ratio'], 3)} | "
                f"{page['goal']} | {page['verdict']} | {fmt(kabar.get('p50_ms'))} | {fmt(kabar.get('p99_ms'))} | "
                f"{fmt(kabar.get('errors'), 0)} | "
                f"{page['queries']} |"
            )
        first = next(iter(found["pages"].values()))
        lines += ["", "Each: `" + first["kabar"]["command"].rsplit(" ", 1)[0] + " <url>`.", ""]
    if "purge" in parts:
        found = parts["purge"]
        lines += [
            f"**3. Purge to visible** (headline change published; article `{found['article']}`, "
            f"front `{found['front']}`)",
            "",
            "| through | page | samples | p50 ms | p95 ms | max ms | goal | verdict |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for through, pages in found["through"].items():
            for page in ("article", "front"):
                if page in pages:
                    s = pages[page]
                    lines.append(
                        f"| {through} | {page} | {s['samples']} | {fmt(s['p50_ms'])} | {fmt(s['p95_ms'])} | "
                        f"{fmt(s['max_ms'])} | {s['goal']} | {s['verdict']} |"
                    )
        lines += [
            "",
            "| through | bursts | renders per purge (each) | requests reaching Kabar | visible after ms | goal "
            "| verdict |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for through, pages in found["through"].items():
            burst = pages.get("burst")
            if burst:
                lines.append(
                    f"| {through} | {len(burst['samples'])} | {each(burst, 'renders')} | "
                    f"{each(burst, 'requests_reaching_kabar')} | {each(burst, 'visible_after_ms_under_burst')} | "
                    f"{burst['goal']} | "
                    f"{burst['verdict']} |"
                )
        first_burst = next((p["burst"] for p in found["through"].values() if "burst" in p), None)
        if first_burst:
            lines += ["", f"Burst: `{first_burst['command']}`.", ""]
    if "live" in parts:
        from bench.parts.live import markdown as live_table

        lines += live_table(parts["live"])
    if "search" in parts:
        found = parts["search"]
        lines += [
            f"**4. Search** ({found['queries']} queries from archive headlines, {found['queries_with_results']} with "
            f"results; sequential, page cache off)",
            "",
            "| order | p50 ms | p95 ms | max ms | goal | verdict |",
            "| --- | --- | --- | --- | --- | --- |",
            f"| newest first (default) | {fmt(found['p50_ms'])} | {fmt(found['p95_ms'])} | {fmt(found['max_ms'])} | "
            f"{found['goal']} | {found['verdict']} |",
            f"| most relevant | {fmt(found.get('relevant_p50_ms'))} | {fmt(found.get('relevant_p95_ms'))} | | | |",
            "",
        ]
    if "flood" in parts:
        found = parts["flood"]
        lines += [
            f"**7. Cached home during a search flood** (`{found['path']}`; {fmt(found['ratio'], 3)} of its "
            f"throughput alone, goal {found['goal']}: {found['verdict']})",
            "",
            "| home page | req/s | p50 ms | p99 ms | errors |",
            "| --- | --- | --- | --- | --- |",
        ]
        for label, name in (("alone", "without_flood"), ("during the flood", "during_flood")):
            row = found[name]
            lines.append(
                f"| {label} | {fmt(row['rps'])} | {fmt(row.get('p50_ms'), 2)} | {fmt(row.get('p99_ms'), 2)} | "
                f"{fmt(row.get('errors'), 0)} |"
            )
        flood_row = found["flood"]
        lines += [
            "",
            f"Home: `{found['without_flood']['command']}`. Flood: `{flood_row['command']}` "
            f"({fmt(flood_row['rps'])} req/s, {fmt(flood_row.get('errors'), 0)} of them turned away with 503; "
            f"a search after it: {found['search_after_flood']['status']}).",
            "",
        ]
    if "weight" in parts:
        found = parts["weight"]
        by_type = found["transfer"]["by_type"]
        lines += [
            "**5. Article page weight** (Chromium, phone viewport, cold cache)",
            "",
            "| kind | requests | on the wire KB | decoded KB |",
            "| --- | --- | --- | --- |",
        ]
        for kind, sizes in sorted(by_type.items()):
            lines.append(
                f"| {kind} | {sizes['requests']} | {fmt(sizes['wire'] / 1024)} | {fmt(sizes['decoded'] / 1024)} |"
            )
        html_css = found["html_css_compressed_kb"]
        js_read = found["js_needed_to_read_kb"]
        first_party = found["first_party_js_kb"]
        lines += [
            "",
            "| measure | value | goal | verdict |",
            "| --- | --- | --- | --- |",
            f"| HTML + CSS compressed (HTML gzip -6; as served: {fmt(html_css['as_served_kb'])} KB, HTML "
            f"`{found['html']['served_content_encoding']}`) | {fmt(html_css['value'])} KB | {html_css['goal']} | "
            f"{html_css['verdict']} |",
            f"| JS needed to read (text with JS off: {js_read['text_chars_js_off']} of {js_read['text_chars_js_on']} "
            f"chars) | {fmt(js_read['value'])} KB | {js_read['goal']} | {js_read['verdict']} |",
            f"| first-party JS (decoded; {fmt(first_party['on_the_wire_kb'])} KB on the wire) | "
            f"{fmt(first_party['value'])} KB | {first_party['goal']} | {first_party['verdict']} |",
            f"| requests before the first image | {found['transfer']['requests_before_first_image']} | | |",
        ]
        for name, vitals in found["vitals"].items():
            lines.append(
                f"| LCP / CLS, {name.replace('_', ' ')} ({vitals['ads_on_page']} ads, variant {vitals['variant']}, "
                f"LCP element {vitals['lcp_element']}) | {fmt(vitals['lcp_ms'], 0)} ms / {vitals['cls']} | | |"
            )
        throttling = found["throttling"]
        lines += [
            "",
            f"Throttled (LCP/CLS): {throttling['network']['latency']} ms RTT, "
            f"{throttling['network']['downloadThroughput'] * 8 / 1024:.0f} kbit/s down, CPU "
            f"{throttling['cpu_slowdown']}x slower (Lighthouse's mobile profile as DevTools applies it).",
            "",
        ]
    if "lighthouse" in parts:
        found = parts["lighthouse"]
        lines += [
            f"**10. Lighthouse mobile** (Lighthouse {found['lighthouse']}, simulated slow 4G, 4x slower CPU, "
            "through Varnish)",
            "",
            "| page | LCP ms | CLS | score | HTML + CSS KB | fonts KB | first-party JS KB | all KB | LCP element |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for name, page in found["pages"].items():
            kb = page["compressed_kb"]
            html_css = page["html_css_compressed_kb"]
            lines.append(
                f"| {name} | {fmt(page['lcp_ms']['value'], 0)} ({page['lcp_ms']['verdict']}) | "
                f"{page['cls']['value']} ({page['cls']['verdict']}) | {fmt(page['score'], 0)} | "
                f"{fmt(html_css['value'])}{' (' + html_css['verdict'] + ')' if 'verdict' in html_css else ''} | "
                f"{fmt(kb['fonts'])} ({page['fonts_kb']['verdict']}) | {fmt(kb['first_party_js'])} | "
                f"{fmt(kb['all'])} | `{page['lcp_element']}` |"
            )
        lines += ["", f"Each page: `{found['command']}` (median of {found['pages']['home']['runs']} runs).", ""]
    if "memory" in parts:
        found = parts["memory"]
        lines += [
            f"**6. Memory per worker** (peak RSS during {found['during']})",
            "",
            "| workers' peak RSS MB | max MB | goal | verdict |",
            "| --- | --- | --- | --- |",
            f"| {', '.join(fmt(v) for v in found['peak_rss_mb_per_worker'].values())} | {fmt(found['max_mb'])} | "
            f"{found['goal']} | {found['verdict']} |",
            "",
        ]
    if "alerts" in parts:
        found = parts["alerts"]
        lines += [
            f"**8. A worker killed mid-alert** (SIGKILL at {found['kill_at']:.0%} of {fmt(found['subscriptions'])} "
            f"browsers, a new worker at once; {found['database']}; lease {found['lease_s']} s, batch "
            f"{found['batch_size']})",
            "",
            "| reached before the kill | in doubt at the kill | duplicates | restart to last delivery "
            "| attempts (retries) | goal | verdict |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            f"| {fmt(found['reached_before_kill'])} | {found['in_doubt_at_kill']} | {found['duplicates']} "
            f"({found['duplicates_pct']} %) | {found['restart_to_last_delivery_s']} s | "
            f"{fmt(found['alert']['attempts'])} ({found['alert']['retries']}) | {found['goal']} | {found['verdict']} |",
            "",
            f"`{found['command']}`",
            "",
        ]
    if "wire" in parts:
        from bench.wire_ingest import markdown as wire_table

        found = parts["wire"]
        lines += [f"**9. Wire desk ingest** (`{found['command']}`)", "", wire_table(found), ""]
    if "newsletters" in parts:
        from bench.parts.newsletters import markdown as newsletter_tables

        lines += newsletter_tables(parts["newsletters"])
    for note in results.get("notes", []):
        lines.append(f"Note: {note}")
    return "\n".join(lines).rstrip()
