/** The admin area's feature routes, mounted together: opt-in report, map structure, dashboard page. */
import type { Server } from 'restify';
import { mountDashboard } from './admin-dashboard.ts';
import { mountDialogueMap, type MapRoutesDeps } from './admin-map.ts';
import { mountOptins, type OptinRoutesDeps } from './admin-optins.ts';

export function adminMounts(deps: OptinRoutesDeps & MapRoutesDeps): ((server: Server) => void)[] {
  return [mountOptins(deps), mountDialogueMap(deps), mountDashboard()];
}
