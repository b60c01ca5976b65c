/** Styles of the /dashboard page: a dark, dense layout that works from 900 px wide. */
export const dashboardPageStyle = `
:root { color-scheme: dark; --bg: #0f1216; --panel: #171b21; --line: #262c35; --text: #d7dde5; --muted: #7d8896;
  --green: #3fb950; --red: #f85149; --yellow: #d29922; --blue: #58a6ff; --magenta: #bc8cff; --cyan: #39c5cf; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
header { display: flex; align-items: center; gap: 16px; padding: 10px 16px; border-bottom: 1px solid var(--line); }
header h1 { font-size: 15px; margin: 0; font-weight: 600; }
#status { padding: 2px 8px; border-radius: 10px; background: var(--line); color: var(--muted); }
#status.connected { background: #12361d; color: var(--green); }
#status.disconnected { background: #3d1414; color: var(--red); }
#key-form { display: none; gap: 6px; align-items: center; }
#key-form.visible { display: flex; }
#key-form input { background: var(--panel); color: var(--text); border: 1px solid var(--line); padding: 3px 6px; font: inherit; }
#key-form button { background: var(--blue); color: #000; border: 0; padding: 4px 10px; font: inherit; cursor: pointer; }
main { padding: 12px 16px; display: grid; gap: 12px; grid-template-columns: repeat(12, 1fr); }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; min-width: 0; }
.panel h2 { margin: 0 0 8px; font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; font-weight: 600; }
.cards { grid-column: span 12; display: grid; grid-template-columns: repeat(6, 1fr); gap: 12px; }
.card .value { font-size: 22px; font-weight: 600; }
.card .label { color: var(--muted); font-size: 11px; text-transform: uppercase; }
.span-6 { grid-column: span 6; } .span-4 { grid-column: span 4; } .span-12 { grid-column: span 12; }
canvas { width: 100%; height: 160px; display: block; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 260px; }
th { color: var(--muted); font-weight: 500; font-size: 11px; }
.ok { color: var(--green); } .fail { color: var(--red); } .live { color: var(--cyan); } .muted { color: var(--muted); }
.legend { display: flex; gap: 12px; color: var(--muted); font-size: 11px; margin-bottom: 6px; flex-wrap: wrap; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; border-radius: 2px; }
.waterfall-row { display: grid; grid-template-columns: 18px 220px 1fr 70px; gap: 8px; align-items: center; height: 20px; }
.waterfall-track { position: relative; height: 12px; background: #1d232b; border-radius: 3px; overflow: hidden; }
.waterfall-track span { position: absolute; top: 0; bottom: 0; min-width: 2px; }
.model-bar { height: 8px; background: var(--blue); border-radius: 4px; }
.error-item { padding: 4px 0; border-bottom: 1px solid var(--line); }
.error-item .message { color: var(--muted); white-space: normal; word-break: break-word; }
.empty { color: var(--muted); padding: 8px 0; }
.session { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 6px; }
@media (max-width: 1000px) { .span-6, .span-4 { grid-column: span 12; } .cards { grid-template-columns: repeat(3, 1fr); } }
`;
