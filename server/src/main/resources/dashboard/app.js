// The etcdj dashboard: plain ES modules served by the member itself (no build step, no CDN).
import { initKeys } from './keys.js';
import { initWatch } from './watch.js';
import { initCluster } from './cluster.js';
import { initCharts } from './charts.js';
import { parsePrometheus } from './metrics.js';

document.getElementById('self-origin').textContent = location.origin;
initKeys();
initWatch();
initCluster();
initCharts();
// For the browser test of the parser (and curious operators at the console).
window.etcdjDashboard = { parsePrometheus };
