import type { AdminApi } from '../../admin-api.ts';
import type { Answer, StaffRoutes } from '../../../contract.ts';
import { type PlanningFilters, planningQuery } from './filters.ts';

/** `GET /admin/planning/density`: the cells of a map view with their counts and the legend's classes. */
export type Density = Answer<StaffRoutes['planning']['density']['$get']>;
export type DensityCell = Density['cells'][number];
export type DensityClass = Density['classes'][number];

/** `GET /admin/planning/density/reports`: a page of one cell's reports. */
export type CellReportsPage = Answer<StaffRoutes['planning']['density']['reports']['$get']>;
export type CellReport = CellReportsPage['reports'][number];

/** The map's view as the server reads it (as the citizens' clusters: `west,south,east,north` and a whole zoom). */
export interface MapView {
  bbox: string;
  zoom: number;
}

export const loadDensity = (api: AdminApi, filters: PlanningFilters, view: MapView, signal: AbortSignal) =>
  api.read<Density>('/planning/density', { ...planningQuery(filters), ...view }, signal);

export const loadCellReports = (api: AdminApi, filters: PlanningFilters, cell: string, cursor: string | undefined, signal: AbortSignal) =>
  api.read<CellReportsPage>('/planning/density/reports', { ...planningQuery(filters), cell, cursor }, signal);
