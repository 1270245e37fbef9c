// Planning in the store: allocation, waves, planning-aware cancellation; pick lists and picking (../picking/) re-exported.
export { localClock, shipToPoint, warehouseCandidates, splitOrder, holdsOf, planReservation } from "./allocation-input.js";
export { allocateOrderInTx, allocateOrders, allocatableOrders, type AllocateOptions, type OrderAllocation } from "./allocate.js";
export {
  DEFAULT_CART,
  planWavesInTx,
  planWavesFor,
  releaseWaveInTx,
  releaseWave,
  listWaves,
  parseWaveId,
  unplannedAllocations,
  routeLines,
  type WavePlanOptions,
  type WavePlanOutcome,
  type PlannedWaveResult,
  type PlannedPickList,
  type WaveRelease,
  type WaveSummary,
} from "./waves.js";
export { closeEmptyPickLists } from "./release.js";
export { cancelWaveInTx, cancelWave, type WaveCancellation } from "./cancel-wave.js";
export { writePickEvent } from "./common.js";
export { loadStoredPickPoints, type StoredPickPoints } from "./locations.js";
export {
  listPickLists,
  getPickList,
  parsePickListId,
  PickingService,
  nextPickTask,
  assignNextPickList,
  confirmPickLocation,
  confirmPickItem,
  shortPick,
  skipPickLine,
  completePickTrip,
  type PickListSummary,
  type PickListView,
  type PickListStopView,
  type PickTask,
  type PickItemResult,
  type ShortPickResult,
  type TripCompletion,
  listBackorders,
  backordersOf,
  reallocateBackorders,
  reallocateBackordersInTx,
  cancelBackorder,
  cancelBackorderInTx,
  type BackorderReallocation,
  type BackorderCancellation,
  type BackorderView,
  type BackorderFilter,
} from "../picking/index.js";
export { cancelOrderInTx, cancelOrder, type PlanningCancellation } from "../orders/cancel.js";
export { loadLayout, type Actor } from "./common.js";
