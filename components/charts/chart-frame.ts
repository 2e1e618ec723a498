/**
 * Layout shared by the hypnogram and the snoring track so their plot areas
 * line up: same margins and the same fixed Y-axis width.
 */
export const NIGHT_CHART_MARGIN = { top: 14, right: 14, bottom: 0, left: 0 };
export const NIGHT_Y_AXIS_WIDTH = 52;
export const AXIS_TICK = { fill: "currentColor", fontSize: 12 };
