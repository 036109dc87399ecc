import { Module } from '@nestjs/common';
import { SimulatorHost } from './biotrack-ny/simulator-host';
import { MetrcSimulatorHost } from './metrc-ny/simulator-host';
import { stateSystemProvider } from './state-system.provider';
import { STATE_SYSTEM } from './state-system.port';

@Module({
  providers: [SimulatorHost, MetrcSimulatorHost, stateSystemProvider],
  exports: [STATE_SYSTEM, SimulatorHost, MetrcSimulatorHost],
})
export class StateSystemModule {}
