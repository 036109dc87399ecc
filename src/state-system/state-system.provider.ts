import { Logger, type FactoryProvider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig, type StateSystemName } from '../config/app-config';
import { biotrackNy } from './biotrack-ny/biotrack-ny.entry';
import { metrcNy } from './metrc-ny/metrc-ny.entry';
import { STATE_SYSTEM, type StateSystem } from './state-system.port';
import type { TagFormat } from './tag-format';

/** One entry per state system: builds its adapter (live, or against its built-in simulator when it has no credentials). */
export interface StateSystemEntry {
  create(config: AppConfig, modules: ModuleRef): Promise<StateSystem>;
  /** The tag of a sample in this system: what a registered sample's `uid` must look like. */
  readonly tagFormat: TagFormat;
}

/** The registry: a new state system is a folder and a line here. */
export const STATE_SYSTEMS: Record<StateSystemName, StateSystemEntry> = {
  'biotrack-ny': biotrackNy,
  'metrc-ny': metrcNy,
};

/** The tag format of a state system, for validating samples registered by hand. */
export function tagFormatOf(kind: StateSystemName): TagFormat {
  return STATE_SYSTEMS[kind].tagFormat;
}

/** The configured state system. Its mapping is validated here, so a bad one stops the service at startup. */
export const stateSystemProvider: FactoryProvider<StateSystem> = {
  provide: STATE_SYSTEM,
  inject: [AppConfig, ModuleRef],
  useFactory: async (config: AppConfig, modules: ModuleRef): Promise<StateSystem> => {
    const system = await STATE_SYSTEMS[config.stateSystem.kind].create(config, modules);
    new Logger('StateSystem').log(`state system: ${system.description}`);
    return system;
  },
};
