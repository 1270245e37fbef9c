// "@pickpack/data/planning": allocation, waves, pick lists, picking and back-orders.
export { cancelOrder } from "../orders/cancel.js";
export { cancelBackorder, reallocateBackorders } from "../picking/backorder-service.js";
export { backordersOf, listBackorders } from "../picking/backorders.js";
export { getPickList, listPickLists } from "../picking/picklists.js";
export { PickingService, assignNextPickList, completePickTrip, confirmPickItem, confirmPickLocation, skipPickLine } from "../picking/service.js";
export { shortPick } from "../picking/short-pick.js";
export { nextPickTask, tripMetresToGo, tripTasks } from "../picking/trip.js";
export type { PickTask } from "../picking/trip.js";
export { allocatableOrders, allocateOrders } from "./allocate.js";
export { cancelWave } from "./cancel-wave.js";
export { loadStoredPickPoints } from "./locations.js";
export { listWaves } from "./queries.js";
export { releaseWave } from "./release.js";
export { DEFAULT_CART, planWavesFor } from "./waves.js";
