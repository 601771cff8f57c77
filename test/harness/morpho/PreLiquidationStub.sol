// SPDX-License-Identifier: GPL-2.0-or-later
pragma solidity 0.8.19;

/// @notice A stand-in for Morpho's PreLiquidation contract (morpho-org/pre-liquidation), which is not on npm:
/// it exposes only the documented views Solvent reads, `ID()` and `preLiquidationParams()`, with the
/// documented parameter struct. It cannot pre-liquidate. Written for the Solvent harness.
struct PreLiquidationParams {
    uint256 preLltv;
    uint256 preLCF1;
    uint256 preLCF2;
    uint256 preLIF1;
    uint256 preLIF2;
    address preLiquidationOracle;
}

contract PreLiquidationStub {
    bytes32 public immutable ID;
    PreLiquidationParams internal params;

    constructor(bytes32 id, PreLiquidationParams memory _params) {
        ID = id;
        params = _params;
    }

    function preLiquidationParams() external view returns (PreLiquidationParams memory) {
        return params;
    }
}
