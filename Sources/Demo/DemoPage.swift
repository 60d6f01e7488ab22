/// The demo's one page: a column per model, live numbers and charts from the
/// server-sent snapshots, and controls that call `POST /control`. Charts are
/// drawn by Chart.js, served by the demo itself.
enum DemoPage {
    /// The page, its controls made from the fault catalogue.
    static let html = template.replacingOccurrences(of: "/*CONTROLS*/", with: DemoControlList.json)

    private static let template = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>commlab demo — every model, one order stream</title>
        <script src="/chart.js"></script>
        <style>
          body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 12px; background: #fafafa; color: #222; }
          h1 { font-size: 20px; margin: 0 0 4px 0; }
          .bar { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; margin: 6px 0 10px 0; }
          .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 10px; }
          .column { background: white; border: 1px solid #ddd; border-radius: 6px; padding: 8px; min-width: 0; }
          .column h2 { font-size: 16px; margin: 0 0 6px 0; }
          .states span { display: inline-block; padding: 2px 6px; margin: 2px; border-radius: 4px; font-size: 12px; color: white; }
          .up { background: #3a9a5b; } .slow { background: #e0a030; } .failing { background: #e07b39; }
          .down, .unreachable { background: #c8423b; } .paused { background: #7b5ea7; }
          .numbers { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4px; margin: 6px 0; }
          .numbers div { background: #f3f5f8; padding: 4px; border-radius: 4px; font-size: 12px; }
          .numbers b { display: block; font-size: 18px; }
          .chart { position: relative; height: 170px; width: 100%; margin-top: 4px; }
          button { margin: 2px; padding: 3px 7px; font-size: 12px; cursor: pointer; }
          button.na { opacity: 0.45; }
          #events { font-size: 12px; max-height: 150px; overflow-y: auto; background: white; border: 1px solid #ddd; padding: 6px; }
          .muted { color: #777; font-size: 12px; }
        </style>
        </head>
        <body>
        <h1>commlab demo: one order stream through sync REST, an AMQP queue and a Kafka log</h1>
        <div class="muted" id="status">connecting…</div>
        <div class="bar">
          <label>orders/s <input id="rate" type="number" min="1" max="500" value="30" style="width:70px"></label>
          <button id="set-rate">set rate</button>
          <b>all models:</b>
          <span id="all-controls"></span>
        </div>
        <div class="columns" id="columns"></div>
        <h3>Event log</h3>
        <div id="events"></div>
        <script>
        const token = new URLSearchParams(location.search).get("token");
        // [id, label, action, fault, value], from the fault catalogue.
        const controls = /*CONTROLS*/;
        const charts = {};
        let built = false;

        function button(model, [id, label, action, fault, value]) {
          const b = document.createElement("button");
          b.id = model + "-btn-" + id;
          b.textContent = label;
          b.onclick = () => control(action, fault, model, value);
          return b;
        }

        async function control(action, fault, model, value) {
          const headers = {"Content-Type": "application/json"};
          if (token) headers["Authorization"] = "Bearer " + token;
          const answer = await fetch("/control", {method: "POST", headers,
            body: JSON.stringify({action, fault, model, value: value === undefined ? null : value})});
          document.getElementById("status").textContent = (fault || action) + " → " + model + ": " + (await answer.text()).slice(0, 300);
        }

        document.getElementById("set-rate").onclick = () =>
          control("rate", null, "all", Number(document.getElementById("rate").value));
        for (const c of controls) document.getElementById("all-controls").appendChild(button("all", c));

        function lineChart(canvas, series) {
          return new Chart(canvas, {type: "line", data: {datasets: series.map(([label, color]) => ({
              label, borderColor: color, backgroundColor: color, data: [], pointRadius: 0, borderWidth: 2}))
            .concat([{label: "events", data: [], showLine: false, pointStyle: "triangle", pointRadius: 7,
                      borderColor: "#c8423b", backgroundColor: "#c8423b"}])},
            options: {animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false,
              scales: {x: {type: "linear", title: {display: true, text: "seconds"}}, y: {beginAtZero: true}},
              plugins: {legend: {labels: {boxWidth: 10, font: {size: 10}}}}}});
        }

        function build(models) {
          const columns = document.getElementById("columns");
          for (const m of models) {
            const l = m.letter;
            const column = document.createElement("div");
            column.className = "column";
            column.id = "model-" + l;
            column.innerHTML = `<h2>${m.name}</h2><div class="states" id="${l}-states"></div>
              <div class="numbers">
                <div>offered/s<b id="${l}-offered">–</b></div><div>accepted/s<b id="${l}-accepted">–</b></div>
                <div>completed/s<b id="${l}-completed">–</b></div><div>refused/s<b id="${l}-refused">–</b></div>
                <div>p50 (5 s)<b id="${l}-p50">–</b></div><div>p99 (5 s)<b id="${l}-p99">–</b></div>
                <div>backlog<b id="${l}-backlog">–</b></div><div>dead letters<b id="${l}-dead">–</b></div>
                <div>stock left<b id="${l}-stock">–</b></div></div>
              <div class="muted" id="${l}-totals"></div>
              <div class="chart"><canvas id="${l}-throughput"></canvas></div>
              <div class="chart"><canvas id="${l}-latency"></canvas></div>
              <div class="chart"><canvas id="${l}-backlog-chart"></canvas></div><div class="muted" id="${l}-gauges"></div>
              <div id="${l}-controls"></div>`;
            columns.appendChild(column);
            for (const c of controls) {
              const b = button(l, c);
              if (m.notApplicable[c[0]]) { b.className = "na"; b.title = "n/a: " + m.notApplicable[c[0]]; }
              document.getElementById(l + "-controls").appendChild(b);
            }
            charts[l] = {
              throughput: lineChart(document.getElementById(l + "-throughput"),
                [["offered/s", "#8a8a8a"], ["accepted/s", "#3b6fb6"], ["completed/s", "#3a9a5b"], ["refused/s", "#c8423b"]]),
              latency: lineChart(document.getElementById(l + "-latency"), [["p50 ms", "#3b6fb6"], ["p99 ms", "#e07b39"]]),
              backlog: lineChart(document.getElementById(l + "-backlog-chart"),
                [[m.part === "streaming-log" ? "inventory group lag" : m.part === "async-queue" ? "orders queue depth" : "no queue (requests wait in the client)", "#7b5ea7"]]),
            };
          }
          built = true;
        }

        function points(t, values) { return t.map((x, i) => ({x, y: values[i] === null ? NaN : values[i]})); }

        function update(snapshot) {
          if (!built) build(snapshot.models);
          document.getElementById("status").textContent =
            `live: ${snapshot.seconds.toFixed(0)} s, ${snapshot.rate} orders/s to each model`;
          for (const m of snapshot.models) {
            const l = m.letter, h = m.history, last = h.t.length - 1;
            const set = (id, v) => document.getElementById(l + "-" + id).textContent = v;
            set("offered", h.offered[last] ?? 0); set("accepted", h.accepted[last] ?? 0);
            set("completed", h.completed[last] ?? 0); set("refused", h.refused[last] ?? 0);
            set("p50", h.p50[last] == null ? "–" : h.p50[last].toFixed(1) + " ms");
            set("p99", h.p99[last] == null ? "–" : h.p99[last].toFixed(1) + " ms");
            set("backlog", m.part === "sync-rest" ? "n/a" : h.backlog[last] ?? 0);
            const dead = m.gauges.filter(g => g.kind === "dead_letters").reduce((s, g) => s + g.value, 0);
            set("dead", m.part === "sync-rest" ? "n/a" : dead);
            set("stock", m.stock ?? "unknown");
            set("totals", `since start: ${m.totals.offered} offered, ${m.totals.accepted} accepted, ` +
              `${m.totals.refused} refused, ${m.totals.unanswered} unanswered, ${m.totals.completed} completed`);
            document.getElementById(l + "-states").innerHTML = m.services.map(s =>
              `<span class="${s.state}" id="${l}-state-${s.role}" title="${s.detail}">${s.role}: ${s.state}</span>`).join("");
            document.getElementById(l + "-gauges").textContent = m.gauges.filter(g => g.kind !== "dead_letters")
              .map(g => `${g.kind === "lag" ? "lag" : g.kind === "consumers" ? "consumers" : "depth"} ${g.name}: ${g.value}`).join(" · ");
            const marks = snapshot.events.filter(e => e.model === l || e.model === "all").map(e => ({x: e.seconds, y: 0}));
            const c = charts[l];
            c.throughput.data.datasets[0].data = points(h.t, h.offered);
            c.throughput.data.datasets[1].data = points(h.t, h.accepted);
            c.throughput.data.datasets[2].data = points(h.t, h.completed);
            c.throughput.data.datasets[3].data = points(h.t, h.refused);
            c.throughput.data.datasets[4].data = marks;
            c.latency.data.datasets[0].data = points(h.t, h.p50);
            c.latency.data.datasets[1].data = points(h.t, h.p99);
            c.latency.data.datasets[2].data = marks;
            c.backlog.data.datasets[0].data = points(h.t, h.backlog);
            c.backlog.data.datasets[1].data = marks;
            for (const chart of Object.values(c)) chart.update("none");
          }
          document.getElementById("events").innerHTML = snapshot.events.slice().reverse().map(e =>
            `<div>${e.seconds.toFixed(1)} s · ${e.model.toUpperCase()} · ${e.what.replace(/</g, "&lt;")}</div>`).join("");
        }

        const source = new EventSource("/events");
        source.onmessage = (message) => update(JSON.parse(message.data));
        source.onerror = () => document.getElementById("status").textContent = "disconnected; retrying…";
        </script>
        </body>
        </html>
        """#
}
