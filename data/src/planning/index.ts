// Planning in the store: allocation, waves, pick lists, picking, planning-aware cancellation.
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
export { listPickLists, getPickList, parsePickListId, type PickListSummary, type PickListView, type PickListStopView } from "./picklists.js";
export {
  PickErrorCode,
  PickingService,
  nextPickTask,
  assignNextPickList,
  confirmPickLocation,
  confirmPickItem,
  shortPick,
  skipPickLine,
  completePickTrip,
  type PickTask,
  type PickItemResult,
  type ShortPickResult,
  type TripCompletion,
} from "./picking.js";
export { cancelOrderInTx, cancelOrder, type PlanningCancellation } from "../orders/cancel.js";
export { PlanningErrorCode, loadLayout, type Actor } from "./common.js";
